import { useEffect, useState } from 'react';
import { Alert, Card, Segmented, Space, Statistic, Table } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, type Mark, type TaskItem, type TaskList } from '../api';
import { DeadlineText, MARKS, MarkTag } from '../marks';

const PAGE_SIZE = 20;
const FILTERS = [{ label: '全部', value: 'all' }, ...Object.entries(MARKS).map(([value, { label }]) => ({ label, value }))];

/** A to-do item's console path under the router's /console basename. */
export const consolePath = (page: string): string => page.replace(/^\/console(?=\/)/, '');

/** 我的待办: what the signed-in person owes, the counts by colour over the whole list. */
export function Tasks() {
  const [params, setParams] = useSearchParams();
  const mark = (params.get('mark') ?? undefined) as Mark | undefined;
  const page = Number(params.get('page') ?? 1);
  const [list, setList] = useState<TaskList>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.tasks({ mark, page, pageSize: PAGE_SIZE }).then(
      (l) => {
        setList(l);
        setError(undefined);
      },
      (e: Error) => setError(e.message),
    );
  }, [mark, page]);

  const go = (next: { mark?: string; page?: number }) => {
    const q = new URLSearchParams();
    const m = 'mark' in next ? next.mark : mark;
    if (m && m !== 'all') q.set('mark', m);
    if (next.page && next.page > 1) q.set('page', String(next.page));
    setParams(q);
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="我的待办">
        <Space size={48}>
          <Statistic title="待办总数" value={list?.counts.total ?? '-'} />
          {(Object.keys(MARKS) as Mark[]).map((m) => (
            <Statistic key={m} title={`${MARKS[m].label}灯`} value={list?.counts[m] ?? '-'} styles={{ content: { color: MARKS[m].hex } }} />
          ))}
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error} />}
      <Card>
        <Segmented options={FILTERS} value={mark ?? 'all'} onChange={(v) => go({ mark: v, page: 1 })} style={{ marginBottom: 16 }} />
        <Table<TaskItem>
          rowKey="id"
          loading={!list && !error}
          dataSource={list?.items}
          locale={{ emptyText: '暂无待办' }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list ? (mark ? list.counts[mark] : list.counts.total) : 0, onChange: (p) => go({ page: p }), showSizeChanger: false }}
          columns={[
            { title: '预警', key: 'mark', width: 70, render: (_, t) => <MarkTag task={t} /> },
            { title: '事项', key: 'what', render: (_, t) => <Link to={consolePath(t.page)}>{t.what}</Link> },
            { title: '所属', key: 'process', render: (_, t) => t.process.title },
            { title: '单位', key: 'unit', render: (_, t) => t.unit?.name ?? '—' },
            { title: '期限', key: 'dueAt', render: (_, t) => <DeadlineText at={t.dueAt} rule={t.dueRule} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
