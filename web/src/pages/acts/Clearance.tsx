// 澄清正名 from 我的待办: the handler proposes it from the lead found a false accusation (the accused's
// consent, the form, who is told, what the reporter is given), the commission leader over the group
// approves it, the handler records it done and the reporter's 批评教育 or 书面检讨. The forms and
// corrections are the API's own data (domain/clearances.ts). The reporter is sealed: whether one is on
// file decides only whether a correction is offered, and who it is appears nowhere here.
import type { ReactNode } from 'react';
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, Select, Space, Spin } from 'antd';
import { CLEARANCE_METHODS, REPORTER_CORRECTIONS } from '../../../../domain/clearances';
import { api, subjectPath, type ClearanceDetail, type LeadDetail, type StartClearanceBody } from '../../api';
import { DeadlineText } from '../../marks';
import { BEIJING, dayjs } from '../../time';
import { useAct } from '../../useAct';
import type { ActProps } from '../TaskPage';
import { APPROVE, DecisionForm } from './DecisionFields';
import { LeadFacts } from './LeadAcceptance';
import { useSubject } from './useSubject';

const METHOD_OPTIONS = Object.entries(CLEARANCE_METHODS).map(([value, label]) => ({ value, label }));
const CORRECTION_OPTIONS = Object.entries(REPORTER_CORRECTIONS).map(([value, label]) => ({ value, label }));
const today = () => dayjs().tz(BEIJING);
const notAfterToday = (d: dayjs.Dayjs) => d.isAfter(today(), 'day');
const audienceText = (a: { name?: string; unit?: string }) => [a.unit, a.name].filter(Boolean).join(' ');
const dueOrDone = (due: { dueAt: string | null; doneOn: string | null } | null) => (!due ? '批准后起算' : due.doneOn ? `已于 ${due.doneOn} 完成` : <DeadlineText at={due.dueAt} />);

/** The clearance as proposed and as far as it has gone; of the reporter only the kind of correction. */
export function ClearanceFacts({ clearance }: { clearance: ClearanceDetail }) {
  const correction = clearance.reporterCorrection;
  return (
    <Descriptions column={1} bordered size="small" style={{ marginBottom: 24 }}>
      <Descriptions.Item label="状态">{clearance.stateLabel}</Descriptions.Item>
      <Descriptions.Item label="被澄清人">{clearance.personsCleared.map((p) => `${p.name}${p.title ? `（${p.title}）` : ''}`).join('、')}</Descriptions.Item>
      <Descriptions.Item label="本人同意">{`${clearance.consentOn} 同意澄清`}</Descriptions.Item>
      <Descriptions.Item label="澄清方式">{clearance.methodLabel}</Descriptions.Item>
      <Descriptions.Item label="澄清对象">{clearance.audience.map(audienceText).join('、')}</Descriptions.Item>
      <Descriptions.Item label="澄清正名期限">{dueOrDone(clearance.clearance)}</Descriptions.Item>
      <Descriptions.Item label="对举报人的处理">
        {correction ? (
          <Space>
            {correction.label}
            {dueOrDone(correction.dueAt ? correction : null)}
          </Space>
        ) : (
          '无'
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The clearance the act's path names and its lead, read once; an Alert or a spinner until they are there. */
function useClearance(task: ActProps['task']) {
  const path = subjectPath(task.act.path);
  const { subject, error } = useSubject(async () => {
    const clearance = await api.clearanceAt(path);
    return { clearance, lead: await api.lead(clearance.leadId) };
  }, path);
  return { ...subject, wait: error ? <Alert type="error" showIcon title={error} /> : !subject ? <Spin /> : null };
}

/** The clearance and its lead above an act's form. */
function ClearanceCard({ title, clearance, lead, error, children }: { title: string; clearance: ClearanceDetail; lead: LeadDetail; error?: string; children: ReactNode }) {
  return (
    <Card title={title}>
      <ClearanceFacts clearance={clearance} />
      <LeadFacts lead={lead} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {children}
    </Card>
  );
}

interface StartFields {
  consentGiven: boolean;
  consentOn: dayjs.Dayjs;
  method: string;
  audience: { name?: string; unit?: string }[];
  reporterCorrection?: string;
}

const startBody = (leadId: string, f: StartFields): StartClearanceBody => ({
  leadId,
  consent: { given: true, on: f.consentOn.format('YYYY-MM-DD') },
  method: f.method,
  audience: f.audience.map((a) => ({ ...(a.name?.trim() ? { name: a.name.trim() } : {}), ...(a.unit?.trim() ? { unit: a.unit.trim() } : {}) })),
  ...(f.reporterCorrection ? { reporterCorrection: f.reporterCorrection } : {}),
});

/** 发起澄清正名: the handler of the lead found a false accusation proposes clearing its accused, with their consent (谁核实、谁澄清). */
export function StartClearance({ task, done }: ActProps) {
  const { subject: lead, error: readError } = useSubject(() => api.lead(task.process.id), task.process.id);
  const { busy, error, run } = useAct(async (f: StartFields) => {
    await api.startClearance(task.act.path, startBody(task.process.id, f));
    done('已发起澄清正名，待审批');
  });
  if (readError) return <Alert type="error" showIcon title={readError} />;
  if (!lead) return <Spin />;
  return (
    <Card title="澄清正名">
      <LeadFacts lead={lead} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<StartFields> layout="vertical" initialValues={{ consentOn: today(), audience: [{ unit: lead.unit.name }] }} onFinish={(v) => void run(v)}>
        <Form.Item name="consentGiven" valuePropName="checked" rules={[{ validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error('澄清正名须经被澄清人本人同意'))) }]}>
          <Checkbox>被澄清人本人同意澄清</Checkbox>
        </Form.Item>
        <Form.Item label="本人同意日期" name="consentOn" rules={[{ required: true, message: '请选择本人同意日期' }]}>
          <DatePicker disabledDate={notAfterToday} allowClear={false} />
        </Form.Item>
        <Form.Item label="澄清方式" name="method" rules={[{ required: true, message: '请选择澄清方式' }]}>
          <Select options={METHOD_OPTIONS} style={{ width: 240 }} placeholder="请选择" />
        </Form.Item>
        <Form.List name="audience">
          {(fields, { add, remove }) => (
            <Form.Item label="澄清对象" required extra="向哪些单位或人员澄清，单位与姓名至少填一项">
              {fields.map((field, i) => (
                <Space key={field.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'unit']}>
                    <Input aria-label={`澄清对象 ${i + 1} 单位`} placeholder="单位" style={{ width: 240 }} maxLength={200} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'name']}
                    dependencies={[['audience', field.name, 'unit']]}
                    rules={[({ getFieldValue }) => ({ validator: (_r, v?: string) => (v?.trim() || (getFieldValue(['audience', field.name, 'unit']) as string | undefined)?.trim() ? Promise.resolve() : Promise.reject(new Error('请填写单位或姓名'))) })]}
                  >
                    <Input aria-label={`澄清对象 ${i + 1} 姓名`} placeholder="姓名" style={{ width: 200 }} maxLength={100} />
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(field.name)}>删除</Button>}
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({})}>
                添加澄清对象
              </Button>
            </Form.Item>
          )}
        </Form.List>
        {lead.reporterOnFile && (
          <Form.Item label="对举报人的处理" name="reporterCorrection" extra="只记录处理方式，不显示举报人身份">
            <Select options={CORRECTION_OPTIONS} style={{ width: 240 }} placeholder="不处理" allowClear />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          提交审批
        </Button>
      </Form>
    </Card>
  );
}

/** 审批澄清正名: the commission leader over the group approves (both deadlines start) or rejects with a reason. */
export function ClearanceDecision({ task, done }: ActProps) {
  const { clearance, lead, wait } = useClearance(task);
  if (wait || !clearance || !lead) return wait;
  return (
    <ClearanceCard title="审批澄清正名" clearance={clearance} lead={lead}>
      <DecisionForm
        yes={APPROVE}
        no={{ value: 'reject', label: '驳回', reasonLabel: '驳回理由' }}
        decide={async (body) => {
          await api.decideClearance(task.act.path, body);
          done(body.decision === 'reject' ? '已驳回澄清正名' : '已批准澄清正名');
        }}
      />
    </ClearanceCard>
  );
}

/** 澄清正名完成: the handler records when and how the accused was cleared. */
export function ClearanceDone({ task, done }: ActProps) {
  const { clearance, lead, wait } = useClearance(task);
  const { busy, error, run } = useAct(async (f: { doneOn: dayjs.Dayjs; how: string }) => {
    await api.recordClearanceDone(task.act.path, { doneOn: f.doneOn.format('YYYY-MM-DD'), how: f.how.trim() });
    done('已记录澄清正名完成');
  });
  if (wait || !clearance || !lead) return wait;
  return (
    <ClearanceCard title="记录澄清正名完成" clearance={clearance} lead={lead} error={error}>
      <Form<{ doneOn: dayjs.Dayjs; how: string }> layout="vertical" initialValues={{ doneOn: today() }} onFinish={(v) => void run(v)}>
        <Form.Item label="澄清日期" name="doneOn" rules={[{ required: true, message: '请选择澄清日期' }]}>
          <DatePicker disabledDate={notAfterToday} allowClear={false} />
        </Form.Item>
        <Form.Item label="澄清情况" name="how" rules={[{ required: true, whitespace: true, message: '请填写澄清情况' }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder="如：在单位干部大会上通报核查结论" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          记录完成
        </Button>
      </Form>
    </ClearanceCard>
  );
}

/** 对举报人的处理: the handler records the 批评教育 given or the 书面检讨 received, by its date only. */
export function ReporterCorrection({ task, done }: ActProps) {
  const { clearance, lead, wait } = useClearance(task);
  const { busy, error, run } = useAct(async (f: { doneOn: dayjs.Dayjs }) => {
    await api.recordReporterCorrection(task.act.path, { doneOn: f.doneOn.format('YYYY-MM-DD') });
    done('已记录对举报人的处理');
  });
  if (wait || !clearance || !lead) return wait;
  const label = clearance.reporterCorrection?.label ?? '';
  return (
    <ClearanceCard title="记录对举报人的处理" clearance={clearance} lead={lead} error={error}>
      <Form<{ doneOn: dayjs.Dayjs }> layout="vertical" initialValues={{ doneOn: today() }} onFinish={(v) => void run(v)}>
        <Form.Item label={clearance.reporterCorrection?.kind === 'criticism' ? '批评教育日期' : `收到${label}日期`} name="doneOn" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={notAfterToday} allowClear={false} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          记录{label}
        </Button>
      </Form>
    </ClearanceCard>
  );
}
