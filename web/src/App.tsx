// The console's pages and who may see them: signed out → 登录; bound to change the password → 修改密码.
import type { ReactNode } from 'react';
import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { mayUse, type Section } from './access';
import { ChangePassword } from './pages/ChangePassword';
import { LeadPage, Leads, RegisterLead } from './pages/Leads';
import { MeasurePage, Measures, RecordMeasure } from './pages/Measures';
import { Open } from './pages/Open';
import { SignIn } from './pages/SignIn';
import { Statistics } from './pages/Statistics';
import { TaskPage } from './pages/TaskPage';
import { Tasks } from './pages/Tasks';
import { useSession } from './session';

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignIn />} />
      <Route path="/password" element={<SignedIn allowPasswordChange><ChangePassword /></SignedIn>} />
      <Route path="/tasks" element={<SignedIn><Tasks /></SignedIn>} />
      <Route path="/tasks/:taskId" element={<SignedIn><TaskPage /></SignedIn>} />
      <Route path="/open" element={<SignedIn><Open /></SignedIn>} />
      <Route path="/statistics" element={<SignedIn><Statistics /></SignedIn>} />
      <Route path="/measures" element={<SignedIn><Measures /></SignedIn>} />
      <Route path="/measures/new" element={<SignedIn><RecordMeasure /></SignedIn>} />
      <Route path="/measures/:id" element={<SignedIn><MeasurePage /></SignedIn>} />
      <Route path="/leads" element={<SignedIn><Leads /></SignedIn>} />
      <Route path="/leads/new" element={<SignedIn><RegisterLead /></SignedIn>} />
      <Route path="/leads/:id" element={<SignedIn><LeadPage /></SignedIn>} />
      <Route path="*" element={<Navigate to="/tasks" replace />} />
    </Routes>
  );
}

/** The header's entries, each shown only to the roles that may use its page (access.ts). */
const NAVIGATION: { path: string; label: string; section?: Section }[] = [
  { path: '/tasks', label: '我的待办' },
  { path: '/statistics', label: '统计', section: 'statistics' },
  { path: '/measures/new', label: '措施登记', section: 'recordMeasure' },
  { path: '/measures', label: '措施台账', section: 'measures' },
  { path: '/leads/new', label: '线索登记', section: 'registerLead' },
  { path: '/leads', label: '线索台账', section: 'leads' },
];

/** The frame of every signed-in page; sends the signed-out to 登录 and back here afterwards, query and all (an email's 办理入口). */
function SignedIn({ children, allowPasswordChange = false }: { children: ReactNode; allowPasswordChange?: boolean }) {
  const { session, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  if (session === undefined) return <Spin fullscreen />;
  if (session === null) return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  if (session.mustChangePassword && !allowPasswordChange) return <Navigate to="/password" replace state={{ from: location.pathname + location.search }} />;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          探头 · 驻点监督工作台
        </Typography.Title>
        <Menu
          theme="dark"
          mode="horizontal"
          aria-label="导航"
          style={{ flex: 1, minWidth: 0, marginLeft: 32 }}
          selectedKeys={NAVIGATION.filter((n) => location.pathname === n.path || (n.path === '/tasks' && location.pathname.startsWith('/tasks/'))).map((n) => n.path)}
          items={NAVIGATION.filter((n) => !n.section || mayUse(session, n.section)).map((n) => ({ key: n.path, label: n.label }))}
          onClick={({ key }) => void navigate(key)}
        />
        <Space>
          <Typography.Text style={{ color: '#fff' }}>
            {session.person.name}
            {session.person.title ? `（${session.person.title}）` : ''}
          </Typography.Text>
          <Button size="small" onClick={() => void signOut()}>
            退出登录
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1100, width: '100%', margin: '0 auto' }}>{children}</Layout.Content>
    </Layout>
  );
}
