// 办理入口: an email's link (domain/processPages.ts) names the process's API page; once signed in
// (App.tsx's SignedIn brings the reader back here with the link whole) the reader's open step there is opened.
import { useEffect, useState } from 'react';
import { Alert, Card, Space, Spin, Typography } from 'antd';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api, type TaskItem } from '../api';
import { consolePath } from './Tasks';

interface Found {
  steps: TaskItem[];
  title?: string;
}

/** The process's title as its own API page gives it, whose scope decides whether the reader may see it; none where it does not. */
const titleOf = (path: string): Promise<string | undefined> =>
  api.page(path).then(
    (p) => (typeof p.title === 'string' ? p.title : undefined),
    () => undefined,
  );

async function stepsAt(path: string): Promise<Found> {
  const { items } = await api.tasks({ process: path, pageSize: 100 });
  return items.length ? { steps: items, title: items[0].process.title } : { steps: [], title: await titleOf(path) };
}

export function Open() {
  const path = useSearchParams()[0].get('path') ?? '';
  const [found, setFound] = useState<Found>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    stepsAt(path).then(setFound, (e: Error) => setError(e.message));
  }, [path]);

  const back = <Link to="/tasks">返回我的待办</Link>;
  if (error) return <Alert type="error" showIcon title="无法打开该链接" description={<Space orientation="vertical">{error}{back}</Space>} />;
  if (!found) return <Spin />;
  if (found.steps.length === 1) return <Navigate to={consolePath(found.steps[0].page)} replace />;
  const named = found.title ? `「${found.title}」` : '该事项';
  if (!found.steps.length) {
    return (
      <Alert
        type="info"
        showIcon
        title="该事项当前没有需要您办理的步骤"
        description={
          <Space orientation="vertical">
            <span data-testid="open-process">{named}已办结、尚未轮到您，或不由您办理。</span>
            {back}
          </Space>
        }
      />
    );
  }
  return (
    <Card title={`${named}中需要您办理的步骤`}>
      <Space orientation="vertical">
        {found.steps.map((t) => (
          <Link key={t.id} to={consolePath(t.page)}>
            {t.what}
            {t.unit && <Typography.Text type="secondary">（{t.unit.name}）</Typography.Text>}
          </Link>
        ))}
        {back}
      </Space>
    </Card>
  );
}
