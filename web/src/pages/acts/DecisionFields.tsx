import { Alert, Button, Form, Input, Radio } from 'antd';
import type { DecisionBody } from '../../api';
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

/** One answer of a decision: its value in the API's body and its label; the refusing one names its reason field. */
export interface Answer<V extends string> {
  value: V;
  label: string;
}

export const APPROVE = { value: 'approve', label: '批准' } as const;
export const RETURN = { value: 'return', label: '退回', reasonLabel: '退回理由' } as const;
export const GRANT = { value: 'grant', label: '同意延期' } as const;
export const REFUSE = { value: 'refuse', label: '不同意', reasonLabel: '不同意的理由' } as const;

/**
 * A yes-or-no decision's form, for every step a leader decides (报批 of a disposal, an evaluation, a
 * scheme, a conclusion, a clearance; an extension): `decide` sends what the API takes, `yesNote` whether
 * yes carries an optional note (comment); the refusal shows above the form.
 */
export function DecisionForm<Y extends string, N extends string>({
  yes,
  no,
  yesNote = true,
  decide,
}: {
  yes: Answer<Y>;
  no: Answer<N> & { reasonLabel: string };
  yesNote?: boolean;
  decide: (body: DecisionBody<Y, N>) => Promise<void>;
}) {
  const [form] = Form.useForm<{ decision: Y | N; reason?: string }>();
  const decision = Form.useWatch('decision', form);
  const refused = decision === no.value;
  const { busy, error, run } = useAct(async (f: { decision: Y | N; reason?: string }) => {
    const note = f.reason?.trim();
    await decide(f.decision === no.value ? { decision: no.value, reason: note! } : { decision: yes.value, ...(note ? { comment: note } : {}) });
  });
  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ decision: yes.value }} onFinish={(v) => void run(v)}>
        <DecisionChoice label="审批意见" options={[yes, no]} />
        {(refused || yesNote) && <ReasonField label={refused ? no.reasonLabel : '说明（可不填）'} required={refused} message={`${no.label}须说明理由`} />}
        <Button type="primary" htmlType="submit" loading={busy} danger={refused}>
          {refused ? no.label : yes.label}
        </Button>
      </Form>
    </>
  );
}
