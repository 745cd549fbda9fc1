import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Select, Spin } from 'antd';
import { REPORTER_NOTICE_KINDS, REPORTER_NOTICE_MEANS, type ReporterNoticeKind } from '../../../../domain/leads';
import { api, subjectPath, type LeadAcceptanceBody, type LeadDetail } from '../../api';
import { BEIJING, dayjs, formatInstant } from '../../time';
import { useAct } from '../../useAct';
import type { ActProps } from '../TaskPage';
import { DecisionChoice, ReasonField } from './DecisionFields';
import { useSubject } from './useSubject';

/** What the handler acts on: the lead as registered (never its reporter). */
export function LeadFacts({ lead }: { lead: LeadDetail }) {
  return (
    <Descriptions column={1} size="small" style={{ marginBottom: 24 }}>
      <Descriptions.Item label="编号">{lead.number}</Descriptions.Item>
      <Descriptions.Item label="来源">{lead.source.label}</Descriptions.Item>
      <Descriptions.Item label="所涉单位">{lead.unit.name}</Descriptions.Item>
      <Descriptions.Item label="被反映人">{lead.personsConcerned.map((p) => `${p.name}${p.title ? `（${p.title}）` : ''}`).join('、')}</Descriptions.Item>
      <Descriptions.Item label="反映问题摘要">{lead.summary}</Descriptions.Item>
      <Descriptions.Item label="收到时间">{formatInstant(lead.receivedAt)}</Descriptions.Item>
    </Descriptions>
  );
}

interface AcceptanceFields {
  decision: 'accept' | 'forward';
  forwardTo?: string;
  reason?: string;
}

/** 受理/转办: the handler accepts the lead (with a note, if any), or forwards it to whom and why. */
export function LeadAcceptance({ task, done }: ActProps) {
  const path = subjectPath(task.act.path);
  const { subject: lead, error: readError } = useSubject(() => api.leadAt(path), path);
  const [form] = Form.useForm<AcceptanceFields>();
  const decision = Form.useWatch('decision', form);
  const { busy, error, run } = useAct(async (f: AcceptanceFields) => {
    const body: LeadAcceptanceBody = f.decision === 'forward' ? { decision: 'forward', forwardTo: f.forwardTo!.trim(), reason: f.reason! } : { decision: 'accept', ...(f.reason?.trim() ? { comment: f.reason.trim() } : {}) };
    await api.decideLeadAcceptance(task.act.path, body);
    done(f.decision === 'forward' ? '已转办该线索' : '已受理该线索');
  });
  if (readError) return <Alert type="error" showIcon title={readError} />;
  if (!lead) return <Spin />;
  return (
    <Card title="问题线索">
      <LeadFacts lead={lead} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ decision: 'accept' }} onFinish={(v) => void run(v)}>
        <DecisionChoice
          label="办理意见"
          options={[
            { label: '受理', value: 'accept' },
            { label: '转办', value: 'forward' },
          ]}
        />
        {decision === 'forward' && (
          <Form.Item label="转办至" name="forwardTo" rules={[{ required: true, whitespace: true, message: '请填写转办至何处' }]}>
            <Input maxLength={200} placeholder="如：区教育局纪检组" />
          </Form.Item>
        )}
        <ReasonField label={decision === 'forward' ? '转办理由' : '说明（可不填）'} required={decision === 'forward'} message="转办须说明理由" />
        <Button type="primary" htmlType="submit" loading={busy}>
          {decision === 'forward' ? '转办' : '受理'}
        </Button>
      </Form>
    </Card>
  );
}

const MEANS_OPTIONS = Object.entries(REPORTER_NOTICE_MEANS).map(([value, label]) => ({ value, label }));

/** 受理告知 / 处理结果告知: the handler records how and when the real-name reporter was told. */
function ReporterNotice({ task, done, kind }: ActProps & { kind: ReporterNoticeKind }) {
  const path = subjectPath(task.act.path);
  const { subject: lead, error: readError } = useSubject(() => api.leadAt(path), path);
  const { busy, error, run } = useAct(async (f: { means: string; toldAt: dayjs.Dayjs }) => {
    await api.recordReporterNotice(task.act.path, { kind, means: f.means, toldAt: f.toldAt.toISOString() });
    done(`已记录${REPORTER_NOTICE_KINDS[kind]}`);
  });
  if (readError) return <Alert type="error" showIcon title={readError} />;
  if (!lead) return <Spin />;
  const now = dayjs().tz(BEIJING);
  return (
    <Card title={kind === 'receipt' ? '告知实名举报人受理情况' : '告知实名举报人处理结果'}>
      <LeadFacts lead={lead} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<{ means: string; toldAt: dayjs.Dayjs }> layout="vertical" initialValues={{ toldAt: now }} onFinish={(v) => void run(v)}>
        <Form.Item label="告知方式" name="means" rules={[{ required: true, message: '请选择告知方式' }]}>
          <Select options={MEANS_OPTIONS} style={{ width: 200 }} placeholder="请选择" />
        </Form.Item>
        <Form.Item label="告知时间" name="toldAt" rules={[{ required: true, message: '请选择告知时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(now, 'day')} allowClear={false} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          记录告知
        </Button>
      </Form>
    </Card>
  );
}

export const ReceiptNotice = (props: ActProps) => <ReporterNotice {...props} kind="receipt" />;
export const ResultNotice = (props: ActProps) => <ReporterNotice {...props} kind="result" />;
