import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Space, Spin } from 'antd';
import { api, subjectPath, type DeadlineInput, type Finding, type ReviewBody } from '../../api';
import { dayjs, inBeijing } from '../../time';
import { useAct } from '../../useAct';
import type { ActProps } from '../TaskPage';
import { InspectionHistory } from './InspectionHistory';
import { DecisionChoice, ReasonField } from './DecisionFields';
import { useSubject } from './useSubject';

interface Fields {
  decision: 'accept' | 'return';
  findings?: Finding[];
  comment?: string;
  reason?: string;
  deadlineBy: 'date' | 'workingDays';
  date?: dayjs.Dayjs;
  workingDays?: number;
}

/** The form's fields as the review's body (ReviewReportBody): a new deadline by a Beijing date or a count of 工作日. */
function reviewBody(f: Fields): ReviewBody {
  if (f.decision === 'accept') return { decision: 'accept', findings: f.findings ?? [], ...(f.comment ? { comment: f.comment } : {}) };
  const newDeadline: DeadlineInput = f.deadlineBy === 'date' ? { date: f.date!.format('YYYY-MM-DD') } : { workingDays: f.workingDays! };
  return { decision: 'return', reason: f.reason!, newDeadline };
}

/** 审核自查报告: the stationed group accepts the report (with any findings) or returns it with a reason and a new deadline. */
export function ReportReview({ task, done }: ActProps) {
  const path = subjectPath(task.act.path);
  const { subject: inspection, error: readError } = useSubject(() => api.inspection(path), path);
  const [form] = Form.useForm<Fields>();
  const decision = Form.useWatch('decision', form);
  const deadlineBy = Form.useWatch('deadlineBy', form);
  const { busy, error, run } = useAct(async (f: Fields) => {
    await api.reviewReport(task.act.path, reviewBody(f));
    done(f.decision === 'accept' ? '已通过该自查报告' : '已退回该自查报告');
  });
  if (readError) return <Alert type="error" showIcon title={readError} />;
  if (!inspection) return <Spin />;
  const today = inBeijing(new Date().toISOString()).format('YYYY-MM-DD');
  return (
    <Card title="审核自查报告">
      <InspectionHistory inspection={inspection} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ decision: 'accept', deadlineBy: 'workingDays', workingDays: 5 }} onFinish={(v) => void run(v)}>
        <DecisionChoice
          label="审核意见"
          options={[
            { label: '通过', value: 'accept' },
            { label: '退回', value: 'return' },
          ]}
        />
        {decision === 'return' ? (
          <>
            <ReasonField label="退回理由" message="退回须说明理由" />
            <Form.Item label="新期限" required>
              <Space align="start">
                <Form.Item name="deadlineBy" noStyle>
                  <Radio.Group
                    options={[
                      { label: '按工作日', value: 'workingDays' },
                      { label: '按日期', value: 'date' },
                    ]}
                  />
                </Form.Item>
                {deadlineBy === 'date' ? (
                  <Form.Item name="date" rules={[{ required: true, message: '请选择新期限' }]} extra="截至当日 24:00（北京时间）">
                    <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') < today} />
                  </Form.Item>
                ) : (
                  <Form.Item name="workingDays" rules={[{ required: true, message: '请填写工作日数' }]} extra="自今日起第 N 个工作日 24:00，节假日不计">
                    <InputNumber min={1} max={250} suffix="个工作日" style={{ width: 160 }} />
                  </Form.Item>
                )}
              </Space>
            </Form.Item>
          </>
        ) : (
          <>
            <Form.List name="findings">
              {(fields, { add, remove }) => (
                <Form.Item label="发现的问题（可不填）">
                  {fields.map((field, i) => (
                    <Space key={field.key} align="start" style={{ display: 'flex' }}>
                      <Form.Item name={[field.name, 'title']} rules={[{ required: true, whitespace: true, message: '请填写问题' }]}>
                        <Input placeholder={`问题 ${i + 1}`} style={{ width: 280 }} maxLength={200} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'detail']}>
                        <Input placeholder="具体情况" style={{ width: 360 }} maxLength={5000} />
                      </Form.Item>
                      <Button onClick={() => remove(field.name)}>删除</Button>
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add()}>
                    添加问题
                  </Button>
                </Form.Item>
              )}
            </Form.List>
            <Form.Item label="审核说明（可不填）" name="comment">
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={busy} danger={decision === 'return'}>
          {decision === 'return' ? '退回' : '通过'}
        </Button>
      </Form>
    </Card>
  );
}
