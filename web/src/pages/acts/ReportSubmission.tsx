import { Alert, Button, Card, Form, Input, Spin } from 'antd';
import { api, subjectPath } from '../../api';
import { useAct } from '../../useAct';
import type { ActProps } from '../TaskPage';
import { InspectionHistory } from './InspectionHistory';
import { useSubject } from './useSubject';

/** 提交自查报告: the unit contact submits the unit's self-inspection report. */
export function ReportSubmission({ task, done }: ActProps) {
  const path = subjectPath(task.act.path);
  const { subject: inspection, error: readError } = useSubject(() => api.inspection(path), path);
  const { busy, error, run } = useAct(async ({ content }: { content: string }) => {
    await api.submitReport(task.act.path, content);
    done('自查报告已提交');
  });
  if (readError) return <Alert type="error" showIcon title={readError} />;
  if (!inspection) return <Spin />;
  return (
    <Card title="自查报告">
      <InspectionHistory inspection={inspection} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<{ content: string }> layout="vertical" onFinish={(v) => void run(v)}>
        <Form.Item label="报告内容" name="content" rules={[{ required: true, whitespace: true, message: '请填写自查报告' }]}>
          <Input.TextArea rows={8} maxLength={50_000} showCount placeholder="对照督查内容逐项说明自查情况、发现的问题和整改措施" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          提交自查报告
        </Button>
      </Form>
    </Card>
  );
}
