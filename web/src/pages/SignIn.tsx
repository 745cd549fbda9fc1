import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, oidcSignInHref } from '../api';
import { useSession } from '../session';
import { useAct } from '../useAct';

interface Fields {
  email: string;
  password: string;
}

/** Where a page sent the signed-out person from (App.tsx), to go back there after signing in. */
export const cameFrom = (state: unknown): string => (state as { from?: string } | null)?.from ?? '/tasks';

/** Whether the API offers 统一身份认证 (GET /session/methods); while unknown, or when the question fails, it is not offered. */
function useOidcConfigured(): boolean {
  const [configured, setConfigured] = useState(false);
  useEffect(() => {
    api.signInMethods().then(
      ({ methods }) => setConfigured(methods.includes('oidc')),
      () => setConfigured(false),
    );
  }, []);
  return configured;
}

export function SignIn() {
  const { session, signIn } = useSession();
  const navigate = useNavigate();
  const from = cameFrom(useLocation().state);
  const { busy, error, run } = useAct(async ({ email, password }: Fields) => {
    const s = await signIn(email.trim(), password);
    await navigate(s.mustChangePassword ? '/password' : from, { replace: true, state: { from } });
  });
  const oidc = useOidcConfigured();
  if (session) return <Navigate to={from} replace />;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          探头 · 驻点监督工作台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          请使用单位邮箱登录
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form<Fields> layout="vertical" onFinish={(v) => void run(v)} requiredMark={false}>
          <Form.Item label="邮箱" name="email" rules={[{ required: true }, { type: 'email', message: '邮箱格式不正确' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
        {oidc && (
          <>
            <Divider plain>或</Divider>
            <Button block href={oidcSignInHref(from)}>
              统一身份认证登录
            </Button>
          </>
        )}
      </Card>
    </div>
  );
}
