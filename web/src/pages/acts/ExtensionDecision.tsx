import { Alert, Card, Descriptions, Spin } from 'antd';
import { api, subjectPath, type Rectification } from '../../api';
import { DeadlineText } from '../../marks';
import type { ActProps } from '../TaskPage';
import { DecisionForm, GRANT, REFUSE } from './DecisionFields';
import { useSubject } from './useSubject';

/** What the unit asked: the last extension request among the rectification's events. */
function lastRequest(rectification: Rectification): { reason?: string; deadlineAt?: string } | undefined {
  const asked = rectification.events.filter((e) => e.kind === 'extension_requested').at(-1);
  return asked?.detail as { reason?: string; deadlineAt?: string } | undefined;
}

/** 同意延期, or 不同意 with a reason, posted to the act's path: a rectification's and a talk inquiry's reply's alike (no note on a grant). */
export function ExtensionDecisionForm({ task, done }: ActProps) {
  return (
    <DecisionForm
      yes={GRANT}
      no={REFUSE}
      yesNote={false}
      decide={async (body) => {
        await api.decideExtension(task.act.path, body.decision === 'grant' ? { decision: 'grant' } : body);
        done(body.decision === 'grant' ? '已同意延期' : '已驳回延期申请');
      }}
    />
  );
}

/** 审批延期申请: the commission leader over the group grants the unit's request, or refuses it with a reason. */
export function ExtensionDecision({ task, done }: ActProps) {
  const path = subjectPath(task.act.path);
  const { subject: rectification, error: readError } = useSubject(() => api.rectification(path), path);
  if (readError) return <Alert type="error" showIcon title={readError} />;
  if (!rectification) return <Spin />;
  const asked = lastRequest(rectification);
  return (
    <Card title="延期申请">
      <Descriptions column={1} size="small" style={{ marginBottom: 24 }}>
        <Descriptions.Item label="问题">{rectification.title}</Descriptions.Item>
        <Descriptions.Item label="状态">{rectification.stateLabel}</Descriptions.Item>
        <Descriptions.Item label="现整改期限">
          <DeadlineText at={rectification.deadlineAt} />
        </Descriptions.Item>
        <Descriptions.Item label="申请延至">{asked?.deadlineAt ? <DeadlineText at={asked.deadlineAt} /> : '—'}</Descriptions.Item>
        <Descriptions.Item label="申请理由">{asked?.reason ?? '—'}</Descriptions.Item>
      </Descriptions>
      <ExtensionDecisionForm task={task} done={done} />
    </Card>
  );
}
