// 立案审查 from 我的待办: 立案 by the commission leader over the lead's group, from the checked lead; the
// handler's 申请延期 and 移送审理, the commission leader's 审批延期, the reviewer's 审理意见, and 结案 with one
// disposition per person. The dispositions are the API's own data (domain/cases.ts); the API checks who,
// the state and the persons again. The lead is shown as its acts show it: never its reporter.
import type { ReactNode } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Spin } from 'antd';
import { CASE_DISPOSITION_KINDS } from '../../../../domain/cases';
import { FOUR_FORMS, MEASURE_KINDS } from '../../../../domain/fourForms';
import { api, subjectPath, type CaseDetail, type LeadDetail, type PersonConcerned } from '../../api';
import { DeadlineText } from '../../marks';
import { BEIJING, dayjs } from '../../time';
import { useAct } from '../../useAct';
import type { ActProps } from '../TaskPage';
import { DecisionForm, GRANT, ReasonField, REFUSE } from './DecisionFields';
import { LeadFacts } from './LeadAcceptance';
import { useSubject } from './useSubject';

const today = () => dayjs().tz(BEIJING);
const notAfterToday = (d: dayjs.Dayjs) => d.isAfter(today(), 'day');
const personText = (p: PersonConcerned) => `${p.name}${p.title ? `（${p.title}）` : ''}`;

const DISPOSITION_OPTIONS = CASE_DISPOSITION_KINDS.map((kind) => {
  const { label, form } = MEASURE_KINDS[kind];
  return { value: kind, label: form ? `${label}（${FOUR_FORMS[form].label}）` : label };
});

/** What a step of the case recorded, the last of its kind (the extension's reason, the 审理 opinion). */
const lastDetail = (kase: CaseDetail, kind: string) => kase.timeline.filter((e) => e.kind === kind).at(-1)?.detail as Record<string, string> | undefined;

/** The one extension: not asked, awaiting its decision, granted or refused. */
function extensionText(kase: CaseDetail): string {
  const asked = lastDetail(kase, 'extension_requested');
  if (!asked) return '未申请';
  if (kase.extended) return `已批准延长（理由：${asked.reason}）`;
  if (lastDetail(kase, 'extension_refused')) return `未获批准（理由：${asked.reason}）`;
  return `已申请，待审批（理由：${asked.reason}）`;
}

/** The case as filed and as far as it has gone: what each of its acts decides on. */
export function CaseFacts({ kase }: { kase: CaseDetail }) {
  const opinion = lastDetail(kase, 'hearing_opinion_recorded');
  return (
    <Descriptions column={1} bordered size="small" style={{ marginBottom: 24 }}>
      <Descriptions.Item label="案件编号">{kase.id}</Descriptions.Item>
      <Descriptions.Item label="案件状态">{kase.stateLabel}</Descriptions.Item>
      <Descriptions.Item label="被审查人">{kase.personsConcerned.map(personText).join('、')}</Descriptions.Item>
      <Descriptions.Item label="立案日期">{kase.filedOn}</Descriptions.Item>
      <Descriptions.Item label="审查调查期限">
        <DeadlineText at={kase.timeLimitDueAt} />
      </Descriptions.Item>
      <Descriptions.Item label="延长审查调查期限">{extensionText(kase)}</Descriptions.Item>
      {opinion && <Descriptions.Item label="审理意见">{opinion.opinion}</Descriptions.Item>}
    </Descriptions>
  );
}

/** The case the act's path names and its lead, read once; an Alert or a spinner until they are there. */
function useCase(task: ActProps['task']) {
  const path = subjectPath(task.act.path);
  const { subject, error } = useSubject(async () => {
    const kase = await api.caseAt(path);
    return { kase, lead: await api.lead(kase.leadId) };
  }, path);
  return { ...subject, path, wait: error ? <Alert type="error" showIcon title={error} /> : !subject ? <Spin /> : null };
}

/** The case and its lead above an act's form. */
function CaseCard({ title, kase, lead, error, children }: { title: string; kase: CaseDetail; lead: LeadDetail; error?: string; children: ReactNode }) {
  return (
    <Card title={title}>
      <CaseFacts kase={kase} />
      <LeadFacts lead={lead} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {children}
    </Card>
  );
}

interface FilingFields {
  persons: PersonConcerned[];
  filedOn: dayjs.Dayjs;
  comment?: string;
}

/** 立案: the commission leader over the lead's group files the checked lead as a case: its 被审查人 (the lead's, as edited) and the decision's date. */
export function FileCase({ task, done }: ActProps) {
  const { subject: lead, error: readError } = useSubject(() => api.lead(task.process.id), task.process.id);
  const { busy, error, run } = useAct(async (f: FilingFields) => {
    const persons = f.persons.map((p) => ({ name: p.name.trim(), ...(p.title?.trim() ? { title: p.title.trim() } : {}) }));
    const made = await api.fileCase(task.act.path, { leadId: task.process.id, personsConcerned: persons, filedOn: f.filedOn.format('YYYY-MM-DD'), ...(f.comment?.trim() ? { comment: f.comment.trim() } : {}) });
    done(`已立案，案件编号 ${made.id}`);
  });
  if (readError) return <Alert type="error" showIcon title={readError} />;
  if (!lead) return <Spin />;
  return (
    <Card title="立案审查">
      <LeadFacts lead={lead} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<FilingFields> layout="vertical" initialValues={{ persons: lead.personsConcerned, filedOn: today() }} onFinish={(v) => void run(v)}>
        <Form.List name="persons">
          {(fields, { add, remove }) => (
            <Form.Item label="被审查人" required>
              {fields.map((field, i) => (
                <Space key={field.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                    <Input aria-label={`被审查人 ${i + 1} 姓名`} placeholder="姓名" style={{ width: 200 }} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'title']}>
                    <Input aria-label={`被审查人 ${i + 1} 职务`} placeholder="职务" style={{ width: 320 }} maxLength={200} />
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(field.name)}>删除</Button>}
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ name: '' })}>
                添加被审查人
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item label="立案日期" name="filedOn" rules={[{ required: true, message: '请选择立案日期' }]}>
          <DatePicker disabledDate={notAfterToday} allowClear={false} />
        </Form.Item>
        <Form.Item label="说明（可不填）" name="comment">
          <Input.TextArea rows={2} maxLength={2000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          批准立案
        </Button>
      </Form>
    </Card>
  );
}

/** 申请延期: the handler asks for the one extension, with a reason; shown until it has been asked. */
function ExtensionRequest({ casePath, done }: { casePath: string; done: ActProps['done'] }) {
  const { busy, error, run } = useAct(async (f: { reason: string }) => {
    await api.requestCaseExtension(casePath, { reason: f.reason.trim() });
    done('已提交延期申请');
  });
  return (
    <Card type="inner" title="申请延长审查调查期限" style={{ marginBottom: 16 }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<{ reason: string }> layout="vertical" onFinish={(v) => void run(v)}>
        <ReasonField label="延期理由" message="申请延期须说明理由" />
        <Button htmlType="submit" loading={busy}>
          申请延期
        </Button>
      </Form>
    </Card>
  );
}

/** 审查调查并移送审理: the handler transfers the case to a 审理 reviewer of the commission staff; until then the one extension may be asked. */
export function CaseTransfer({ task, done }: ActProps) {
  const { kase, lead, path, wait } = useCase(task);
  const { subject: candidates } = useSubject(() => api.hearingReviewerCandidates(path), path);
  const { busy, error, run } = useAct(async (f: { reviewerId: string }) => {
    await api.transferForHearing(task.act.path, f);
    done('已移送审理');
  });
  if (wait || !kase || !lead) return wait;
  const asked = lastDetail(kase, 'extension_requested');
  return (
    <CaseCard title="审查调查" kase={kase} lead={lead} error={error}>
      {!asked && <ExtensionRequest casePath={path} done={done} />}
      <Card type="inner" title="移送审理">
        <Form<{ reviewerId: string }> layout="vertical" onFinish={(v) => void run(v)}>
          <Form.Item label="审理人员" name="reviewerId" rules={[{ required: true, message: '请选择审理人员' }]} extra="委机关工作人员，承办人除外">
            <Select
              loading={!candidates}
              placeholder="请选择"
              style={{ width: 320 }}
              options={(candidates?.items ?? []).map((p) => ({ value: p.id, label: p.title ? `${p.name}（${p.title}）` : p.name }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            移送审理
          </Button>
        </Form>
      </Card>
    </CaseCard>
  );
}

/** 审批延长审查调查期限: the commission leader over the group grants the extension (with a note, if any) or refuses it with a reason. */
export function CaseExtensionDecision({ task, done }: ActProps) {
  const { kase, lead, wait } = useCase(task);
  if (wait || !kase || !lead) return wait;
  return (
    <CaseCard title="审批延长审查调查期限" kase={kase} lead={lead}>
      <DecisionForm
        yes={GRANT}
        no={REFUSE}
        decide={async (body) => {
          await api.decideCaseExtension(task.act.path, body);
          done(body.decision === 'refuse' ? '已不同意延期' : '已同意延期');
        }}
      />
    </CaseCard>
  );
}

/** 出具审理意见: the reviewer named at the transfer records the 审理 opinion. */
export function HearingOpinion({ task, done }: ActProps) {
  const { kase, lead, wait } = useCase(task);
  const { busy, error, run } = useAct(async (f: { opinion: string }) => {
    await api.recordHearingOpinion(task.act.path, { opinion: f.opinion.trim() });
    done('已记录审理意见');
  });
  if (wait || !kase || !lead) return wait;
  return (
    <CaseCard title="审理" kase={kase} lead={lead} error={error}>
      <Form<{ opinion: string }> layout="vertical" onFinish={(v) => void run(v)}>
        <Form.Item label="审理意见" name="opinion" rules={[{ required: true, whitespace: true, message: '请填写审理意见' }]}>
          <Input.TextArea rows={4} maxLength={20_000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          记录审理意见
        </Button>
      </Form>
    </CaseCard>
  );
}

interface ClosingFields {
  kinds: string[];
  comment?: string;
}

/** 审批结案: the commission leader over the group closes the case with one disposition, a measure of the four forms, per person concerned. */
export function CaseClosing({ task, done }: ActProps) {
  const { kase, lead, wait } = useCase(task);
  const { busy, error, run } = useAct(async (f: ClosingFields) => {
    const dispositions = kase!.personsConcerned.map((p, i) => ({ name: p.name, kind: f.kinds[i] }));
    await api.closeCase(task.act.path, { dispositions, ...(f.comment?.trim() ? { comment: f.comment.trim() } : {}) });
    done('已结案');
  });
  if (wait || !kase || !lead) return wait;
  return (
    <CaseCard title="结案" kase={kase} lead={lead} error={error}>
      <Form<ClosingFields> layout="vertical" initialValues={{ kinds: [] }} onFinish={(v) => void run(v)}>
        {kase.personsConcerned.map((p, i) => (
          <Form.Item key={p.name} label={`${p.name} 的处理`} name={['kinds', i]} rules={[{ required: true, message: '请选择处理' }]} extra={p.title}>
            <Select options={DISPOSITION_OPTIONS} style={{ width: 320 }} placeholder="请选择" />
          </Form.Item>
        ))}
        <Form.Item label="说明（可不填）" name="comment">
          <Input.TextArea rows={2} maxLength={2000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          批准结案
        </Button>
      </Form>
    </CaseCard>
  );
}
