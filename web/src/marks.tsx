import { useState } from 'react';
import { Space, Tag, Tooltip, Typography } from 'antd';
import type { Mark, TaskItem } from './api';
import { formatInstant, fromToday } from './time';

/** 三色预警 as the to-do list names them (api/schemas/me.ts MARKS). */
export const MARKS: Record<Mark, { label: string; color: string; hex: string }> = {
  green: { label: '绿', color: 'green', hex: '#389e0d' },
  yellow: { label: '黄', color: 'gold', hex: '#d48806' },
  red: { label: '红', color: 'red', hex: '#cf1322' },
};

export function MarkTag({ task }: { task: Pick<TaskItem, 'mark' | 'markRule'> }) {
  const { label, color } = MARKS[task.mark];
  return (
    <Tooltip title={task.markRule}>
      <Tag color={color} data-mark={task.mark}>
        {label}
      </Tag>
    </Tooltip>
  );
}

/** A deadline: its Beijing date and time, how far off it is, and what it counted where that is known. */
export function DeadlineText({ at, rule }: { at: string | null; rule?: string | null }) {
  // the page's clock when first shown: a render stays pure, the distance is as of opening the page
  const [now] = useState(Date.now);
  if (!at) return <Typography.Text type="secondary">无期限</Typography.Text>;
  return (
    <Space size={4} wrap>
      <span>{formatInstant(at)}</span>
      <Typography.Text type={Date.parse(at) < now ? 'danger' : 'secondary'}>（{fromToday(at, now)}）</Typography.Text>
      {rule && (
        <Typography.Text type="secondary" data-testid="due-rule">
          {rule}
        </Typography.Text>
      )}
    </Space>
  );
}
