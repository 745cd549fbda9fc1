import { Descriptions, Timeline, Typography } from 'antd';
import type { Inspection } from '../../api';
import { DeadlineText } from '../../marks';
import { formatInstant } from '../../time';

/** One unit's inspection: where it stands, its deadline, and each round's report and review so far. */
export function InspectionHistory({ inspection }: { inspection: Inspection }) {
  const rounds = [
    ...inspection.submissions.map((s) => ({ at: s.submittedAt, text: `第 ${s.round} 轮 提交自查报告`, body: s.content })),
    ...inspection.reviews.map((r) => ({
      at: r.reviewedAt,
      text: `第 ${r.round} 轮 ${r.decision === 'return' ? '退回' : '通过'}`,
      body: [r.reason, r.newDeadlineAt && `新期限：${formatInstant(r.newDeadlineAt)}`].filter(Boolean).join('；'),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <>
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label="单位">{inspection.unitName}</Descriptions.Item>
        <Descriptions.Item label="状态">{inspection.stateLabel}</Descriptions.Item>
        {inspection.round !== null && <Descriptions.Item label="轮次">第 {inspection.round} 轮</Descriptions.Item>}
        <Descriptions.Item label="自查截止">
          <DeadlineText at={inspection.deadlineAt} />
        </Descriptions.Item>
      </Descriptions>
      {rounds.length > 0 && (
        <Timeline
          items={rounds.map((r) => ({
            key: r.at + r.text,
            content: (
              <>
                <Typography.Text strong>{r.text}</Typography.Text> <Typography.Text type="secondary">{formatInstant(r.at)}</Typography.Text>
                {r.body && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{r.body}</Typography.Paragraph>}
              </>
            ),
          }))}
        />
      )}
    </>
  );
}
