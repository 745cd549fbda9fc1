import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { passwordProblems } from '../../../domain/passwords';
import { api } from '../api';
import { useSession } from '../session';
import { useAct } from '../useAct';
import { cameFrom } from './SignIn';

interface Fields {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePassword() {
  const { session, reload } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const from = cameFrom(useLocation().state);
  const { busy, error, run } = useAct(async ({ currentPassword, newPassword }: Fields) => {
    await api.changePassword(currentPassword, newPassword);
    await reload();
    void message.success('密码已修改');
    await navigate(from === '/password' ? '/tasks' : from, { replace: true });
  });
  return (
    <Card title="修改密码" style={{ maxWidth: 480, margin: '0 auto' }}>
      {session?.mustChangePassword && <Alert type="warning" showIcon title="首次登录或密码已重置，请先修改密码再继续使用" style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Fields> layout="vertical" onFinish={(v) => void run(v)}>
        <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="新密码"
          name="newPassword"
          dependencies={['currentPassword']}
          rules={[
            { required: true },
            // the API's own rule (domain/passwords.ts), in its Chinese words, before the form is sent
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) => {
                const [problem] = value && session ? passwordProblems(value, { email: session.person.email, current: getFieldValue('currentPassword') as string }) : [];
                return problem ? Promise.reject(new Error(problem.split(' / ')[0])) : Promise.resolve();
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          修改密码
        </Button>
      </Form>
    </Card>
  );
}
