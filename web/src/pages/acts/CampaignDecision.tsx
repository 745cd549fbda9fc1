import { Alert, Button, Card, Descriptions, Form, Spin } from 'antd';
import { api, subjectPath, type ApprovalBody } from '../../api';
import { DeadlineText } from '../../marks';
import { useAct } from '../../useAct';
import type { ActProps } from '../TaskPage';
import { DecisionChoice, ReasonField } from './DecisionFields';
import { useSubject } from './useSubject';

/** 审批: the commission leader approves the campaign (its 方案) or rejects it with a reason. */
export function CampaignDecision({ task, done }: ActProps) {
  const path = subjectPath(task.act.path);
  const { subject: campaign, error: readError } = useSubject(() => api.campaign(path), path);
  const [form] = Form.useForm<ApprovalBody>();
  const decision = Form.useWatch('decision', form);
  const { busy, error, run } = useAct(async (body: ApprovalBody) => {
    await api.decideApproval(task.act.path, body);
    done(body.decision === 'approve' ? '已批准该专项督查' : '已驳回该专项督查');
  });
  if (readError) return <Alert type="error" showIcon title={readError} />;
  if (!campaign) return <Spin />;
  return (
    <Card title="专项督查方案">
      <Descriptions column={1} size="small" style={{ marginBottom: 24 }}>
        <Descriptions.Item label="名称">{campaign.title}</Descriptions.Item>
        <Descriptions.Item label="督查内容">{campaign.topic}</Descriptions.Item>
        <Descriptions.Item label="状态">{campaign.stateLabel}</Descriptions.Item>
        <Descriptions.Item label="涉及单位">{campaign.unitCount} 个</Descriptions.Item>
        <Descriptions.Item label="自查截止">
          <DeadlineText at={campaign.deadlineAt} />
        </Descriptions.Item>
        <Descriptions.Item label="审批时限">
          <DeadlineText at={campaign.approvalDueAt} />
        </Descriptions.Item>
      </Descriptions>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ decision: 'approve' }} onFinish={(v) => void run(v)}>
        <DecisionChoice
          label="审批意见"
          options={[
            { label: '同意', value: 'approve' },
            { label: '驳回', value: 'reject' },
          ]}
        />
        <ReasonField label={decision === 'reject' ? '驳回理由' : '说明（可不填）'} required={decision === 'reject'} message="驳回须说明理由" />
        <Button type="primary" htmlType="submit" loading={busy} danger={decision === 'reject'}>
          {decision === 'reject' ? '驳回' : '同意'}
        </Button>
      </Form>
    </Card>
  );
}
