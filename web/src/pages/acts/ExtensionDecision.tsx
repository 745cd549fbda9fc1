import { Alert, Button, Card, Descriptions, Form, Spin } from 'antd';
import { api, subjectPath, type ExtensionDecisionBody, type Rectification } from '../../api';
import { DeadlineText } from '../../marks';
import { useAct } from '../../useAct';
import type { ActProps } from '../TaskPage';
import { DecisionChoice, ReasonField } from './DecisionFields';
import { useSubject } from './useSubject';

/** What the unit asked: the last extension request among the rectification's events. */
function lastRequest(rectification: Rectification): { reason?: string; deadlineAt?: string } | undefined {
  const asked = rectification.events.filter((e) => e.kind === 'extension_requested').at(-1);
  return asked?.detail as { reason?: string; deadlineAt?: string } | undefined;
}

/** 同意延期, or 不同意 with a reason, posted to the act's path: a rectification's and a talk inquiry's reply's alike. */
export function ExtensionDecisionForm({ task, done }: ActProps) {
  const [form] = Form.useForm<ExtensionDecisionBody>();
  const decision = Form.useWatch('decision', form);
  const { busy, error, run } = useAct(async (body: ExtensionDecisionBody) => {
    await api.decideExtension(task.act.path, body.decision === 'grant' ? { decision: 'grant' } : body);
    done(body.decision === 'grant' ? '已同意延期' : '已驳回延期申请');
  });
  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ decision: 'grant' }} onFinish={(v) => void run(v)}>
        <DecisionChoice
          label="审批意见"
          options={[
            { label: '同意延期', value: 'grant' },
            { label: '不同意', value: 'refuse' },
          ]}
        />
        {decision === 'refuse' && <ReasonField label="不同意的理由" message="不同意须说明理由" />}
        <Button type="primary" htmlType="submit" loading={busy} danger={decision === 'refuse'}>
          {decision === 'refuse' ? '不同意' : '同意延期'}
        </Button>
      </Form>
    </>
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
