import { Form, Input, Radio } from 'antd';

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
