import { Alert, Button, Form, Input, Radio } from 'antd';
import { type ReturnableDecisionBody } from '../../api';
import { useAct } from '../../useAct';

/** 审批意见 / 审核意见: the two answers a decision has, the first one chosen at first. */
export function DecisionChoice({ label, options }: { label: string; options: { label: string; value: string }[] }) {
  return (
    <Form.Item label={label} name="decision">
      <Radio.Group options={options} />
    </Form.Item>
  );
}

/** The reason field: `message` is the refusal when it is required and left empty. */
export function ReasonField({ label, required = true, message }: { label: string; required?: boolean; message: string }) {
  return (
    <Form.Item label={label} name="reason" rules={[{ required, whitespace: true, message }]}>
      <Input.TextArea rows={3} maxLength={2000} showCount />
    </Form.Item>
  );
}

/**
 * 报批's form, for every step a commission leader approves or returns (a disposal, a talk inquiry's
 * evaluation, a check's scheme and conclusion): `decide` sends what the API takes; its refusal shows above the form.
 */
export function ApproveOrReturn({ decide }: { decide: (body: ReturnableDecisionBody) => Promise<void> }) {
  const [form] = Form.useForm<{ decision: ReturnableDecisionBody['decision']; reason?: string }>();
  const decision = Form.useWatch('decision', form);
  const { busy, error, run } = useAct(async (f: { decision: ReturnableDecisionBody['decision']; reason?: string }) => {
    const note = f.reason?.trim();
    await decide(f.decision === 'return' ? { decision: 'return', reason: note! } : { decision: 'approve', ...(note ? { comment: note } : {}) });
  });
  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ decision: 'approve' }} onFinish={(v) => void run(v)}>
        <DecisionChoice
          label="审批意见"
          options={[
            { label: '批准', value: 'approve' },
            { label: '退回', value: 'return' },
          ]}
        />
        <ReasonField label={decision === 'return' ? '退回理由' : '说明（可不填）'} required={decision === 'return'} message="退回须说明理由" />
        <Button type="primary" htmlType="submit" loading={busy}>
          {decision === 'return' ? '退回' : '批准'}
        </Button>
      </Form>
    </>
  );
}
