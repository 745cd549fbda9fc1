// 谈话函询 from 我的待办: the handler records the letter or the talk, the written reply (or asks for more time
// while it is awaited) and proposes the evaluation; the commission leader over the lead's group decides the
// extension and the evaluation (报批). The forms, verdicts and measure kinds are the API's own data
// (domain/); the API checks who, the state and the dates again.
import type { ReactNode } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Radio, Select, Space, Spin } from 'antd';
import { MEASURE_KINDS, type MeasureKind } from '../../../../domain/fourForms';
import { INQUIRY_FORMS, INQUIRY_VERDICTS, type InquiryForm, type InquiryVerdict } from '../../../../domain/talkInquiries';
import { api, subjectPath, type InquiryEvaluationBody, type LeadDetail, type PersonSummary, type TalkInquiryDetail } from '../../api';
import { DeadlineText } from '../../marks';
import { BEIJING, dayjs, formatInstant, inBeijing } from '../../time';
import { useAct } from '../../useAct';
import type { ActProps } from '../TaskPage';
import { APPROVE, DecisionForm, ReasonField, RETURN } from './DecisionFields';
import { ExtensionDecisionForm } from './ExtensionDecision';
import { FirstFormMeasures, measuresBody, personOptions, type MeasureFields } from './FirstFormMeasures';
import { LeadFacts } from './LeadAcceptance';
import { useSubject } from './useSubject';

const DAY = 'YYYY-MM-DD';
const FORM_OPTIONS = Object.entries(INQUIRY_FORMS).map(([value, label]) => ({ value, label }));
const VERDICT_OPTIONS = Object.entries(INQUIRY_VERDICTS).map(([value, label]) => ({ value, label }));
/** Beijing's today as a day, compared as text with a picked day (the browser's own zone may be another). */
const today = () => dayjs().tz(BEIJING).format(DAY);
const afterToday = (d: dayjs.Dayjs) => d.format(DAY) > today();

interface Subject {
  inquiry: TalkInquiryDetail;
  lead: LeadDetail;
  /** who may hold a talk or give a measure: the commission's and the lead's group's people (as a collective review's) */
  people: PersonSummary[];
}

/** The talk inquiry the act's path names, its lead and its people, read once; an Alert or a spinner until they are there. */
function useInquiry(task: ActProps['task']) {
  const path = subjectPath(task.act.path);
  const { subject, error } = useSubject<Subject>(async () => {
    const inquiry = await api.talkInquiryAt(path);
    const [lead, people] = await Promise.all([api.leadAt(inquiry.links.lead), api.reviewCandidates(inquiry.links.lead)]);
    return { inquiry, lead, people: people.items };
  }, path);
  return { subject, path, wait: error ? <Alert type="error" showIcon title={error} /> : !subject ? <Spin /> : null };
}

const nameOf = (people: PersonSummary[], id: string) => people.find((p) => p.id === id)?.name ?? id;
const eventsOf = (inquiry: TalkInquiryDetail, kind: string) => inquiry.timeline.filter((e) => e.kind === kind).map((e) => (e.detail ?? {}) as Record<string, string | undefined>);

function formText({ inquiry, people }: Subject): string {
  const f = inquiry.form;
  if (!f) return '尚未函询或谈话';
  return f.form === 'letter' ? `${INQUIRY_FORMS.letter}：${f.sentOn} 发函，${f.arrivedOn} 送达` : `${INQUIRY_FORMS.talk}：${f.heldOn}，谈话人 ${nameOf(people, f.heldById)}`;
}

/** Every extension asked and how it was decided, oldest first. */
function extensionsText(inquiry: TalkInquiryDetail): string | undefined {
  const lines = inquiry.timeline.flatMap((e) => {
    const d = (e.detail ?? {}) as Record<string, string | undefined>;
    if (e.kind === 'extension_requested') return [`申请延至 ${d.dueOn}（${d.reason}）`];
    if (e.kind === 'extension_granted') return [`同意延至 ${d.dueOn}`];
    if (e.kind === 'extension_refused') return [`不同意延期：${d.reason}`];
    return [];
  });
  return lines.length ? lines.join('；') : undefined;
}

/** The talk inquiry as recorded so far: its state, the letter or talk, the reply's deadline and the reply, the extensions, the evaluation. */
export function TalkInquiryFacts({ subject }: { subject: Subject }) {
  const { inquiry, people } = subject;
  const reply = eventsOf(inquiry, 'reply_received').at(-1);
  const extensions = extensionsText(inquiry);
  const evaluation = inquiry.evaluation;
  return (
    <Descriptions column={1} bordered size="small" style={{ marginBottom: 24 }}>
      <Descriptions.Item label="谈话函询状态">{inquiry.stateLabel}</Descriptions.Item>
      <Descriptions.Item label="函询或谈话">{formText(subject)}</Descriptions.Item>
      {inquiry.replyDueAt && (
        <Descriptions.Item label="书面说明期限">
          <DeadlineText at={inquiry.replyDueAt} rule={inquiry.replyDueRule} />
        </Descriptions.Item>
      )}
      {extensions && <Descriptions.Item label="延期">{extensions}</Descriptions.Item>}
      {inquiry.replyReceivedOn && <Descriptions.Item label="书面说明">{`${inquiry.replyReceivedOn} 收到：${reply?.summary ?? ''}`}</Descriptions.Item>}
      {evaluation && (
        <Descriptions.Item label="评估意见">
          {`${INQUIRY_VERDICTS[evaluation.verdict]}：${evaluation.reason}（${formatInstant(evaluation.proposedAt)}）`}
          {evaluation.measures.map((m, i) => (
            <div key={i}>{`${MEASURE_KINDS[m.kind as MeasureKind]?.label ?? m.kind}：${m.subject.name}${m.subject.title ? `（${m.subject.title}）` : ''}，${m.heldOn}，实施人 ${nameOf(people, m.heldById)}`}</div>
          ))}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** An act's card: the lead, the inquiry so far, a refusal, the form. */
function ActCard({ title, subject, error, children }: { title: string; subject: Subject; error?: string; children: ReactNode }) {
  return (
    <Card title={title}>
      <LeadFacts lead={subject.lead} />
      <TalkInquiryFacts subject={subject} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {children}
    </Card>
  );
}

interface FormFields {
  form: InquiryForm;
  sentOn?: dayjs.Dayjs;
  arrivedOn?: dayjs.Dayjs;
  heldOn?: dayjs.Dayjs;
  heldById?: string;
}

/** 函询或谈话: the letter sent and the day it arrived, or the talk held and by whom; the reply is due 15 工作日 after. */
export function InquiryFormRecord({ task, done }: ActProps) {
  const { subject, wait } = useInquiry(task);
  const [form] = Form.useForm<FormFields>();
  const kind = Form.useWatch('form', form);
  const sentOn = Form.useWatch('sentOn', form);
  const { busy, error, run } = useAct(async (f: FormFields) => {
    await api.recordInquiryForm(
      task.act.path,
      f.form === 'letter' ? { form: 'letter', sentOn: f.sentOn!.format(DAY), arrivedOn: f.arrivedOn!.format(DAY) } : { form: 'talk', heldOn: f.heldOn!.format(DAY), heldById: f.heldById! },
    );
    done(`已记录${INQUIRY_FORMS[f.form]}`);
  });
  if (wait || !subject) return wait;
  return (
    <ActCard title="记录函询或谈话" subject={subject} error={error}>
      <Form form={form} layout="vertical" initialValues={{ form: 'letter' }} onFinish={(v) => void run(v)}>
        <Form.Item label="方式" name="form">
          <Radio.Group options={FORM_OPTIONS} />
        </Form.Item>
        {kind === 'talk' ? (
          <Space align="start" wrap>
            <Form.Item label="谈话日期" name="heldOn" rules={[{ required: true, message: '请选择谈话日期' }]}>
              <DatePicker disabledDate={afterToday} />
            </Form.Item>
            <Form.Item label="谈话人" name="heldById" rules={[{ required: true, message: '请选择谈话人' }]}>
              <Select options={personOptions(subject.people)} showSearch={{ optionFilterProp: 'label' }} style={{ width: 240 }} placeholder="从人员库中选择" />
            </Form.Item>
          </Space>
        ) : (
          <Space align="start" wrap>
            <Form.Item label="发函日期" name="sentOn" rules={[{ required: true, message: '请选择发函日期' }]}>
              <DatePicker disabledDate={afterToday} />
            </Form.Item>
            <Form.Item label="送达日期" name="arrivedOn" rules={[{ required: true, message: '请选择送达日期' }]} extra="书面说明自送达之日起计算">
              <DatePicker disabledDate={(d) => afterToday(d) || (!!sentOn && d.format(DAY) < sentOn.format(DAY))} />
            </Form.Item>
          </Space>
        )}
        <div>
          <Button type="primary" htmlType="submit" loading={busy}>
            {`记录${INQUIRY_FORMS[kind ?? 'letter']}`}
          </Button>
        </div>
      </Form>
    </ActCard>
  );
}

/** 收取书面说明: the day the written reply came in and what it says; while it is awaited, 申请延期 on the same page. */
export function InquiryReply({ task, done }: ActProps) {
  const { subject, path, wait } = useInquiry(task);
  const { busy, error, run } = useAct(async (f: { receivedOn: dayjs.Dayjs; summary: string }) => {
    await api.recordInquiryReply(task.act.path, { receivedOn: f.receivedOn.format(DAY), summary: f.summary.trim() });
    done('已记录书面说明');
  });
  if (wait || !subject) return wait;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ActCard title="收取书面说明" subject={subject} error={error}>
        <Form<{ receivedOn: dayjs.Dayjs; summary: string }> layout="vertical" initialValues={{ receivedOn: dayjs(today()) }} onFinish={(v) => void run(v)}>
          <Form.Item label="收到日期" name="receivedOn" rules={[{ required: true, message: '请选择收到日期' }]}>
            <DatePicker disabledDate={afterToday} allowClear={false} />
          </Form.Item>
          <Form.Item label="说明材料摘要" name="summary" rules={[{ required: true, whitespace: true, message: '请填写说明材料摘要' }]}>
            <Input.TextArea rows={4} maxLength={20_000} showCount />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            记录书面说明
          </Button>
        </Form>
      </ActCard>
      <ExtensionRequest inquiry={subject.inquiry} path={path} done={done} />
    </Space>
  );
}

/** 申请延期: why, and the day the reply is now due (later than its deadline); one request pending at a time. */
function ExtensionRequest({ inquiry, path, done }: { inquiry: TalkInquiryDetail; path: string; done: ActProps['done'] }) {
  const { busy, error, run } = useAct(async (f: { reason: string; dueOn: dayjs.Dayjs }) => {
    await api.requestReplyExtension(path, { reason: f.reason.trim(), dueOn: f.dueOn.format(DAY) });
    done('已提交延期申请');
  });
  const pending = inquiry.pendingExtension;
  // the deadline is 24:00 of its day, that is the next day's 00:00 in Beijing
  const lastDay = inquiry.replyDueAt ? inBeijing(inquiry.replyDueAt).subtract(1, 'millisecond').format(DAY) : today();
  return (
    <Card title="申请延期">
      {pending ? (
        <Alert type="info" showIcon title={`延期申请待审批：申请延至 ${pending.dueOn}（${pending.reason}）`} />
      ) : (
        <>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form<{ reason: string; dueOn: dayjs.Dayjs }> layout="vertical" onFinish={(v) => void run(v)}>
            <Form.Item label="延至" name="dueOn" rules={[{ required: true, message: '请选择延至日期' }]} extra="须晚于现书面说明期限，报委领导审批">
              <DatePicker disabledDate={(d) => d.format(DAY) <= lastDay} />
            </Form.Item>
            <Form.Item label="延期理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写延期理由' }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
            <Button htmlType="submit" loading={busy}>
              申请延期
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}

/** 审批延期申请: the commission leader over the lead's group grants the handler's request (the reply's deadline moves) or refuses it. */
export function InquiryExtensionDecision({ task, done }: ActProps) {
  const { subject, wait } = useInquiry(task);
  if (wait || !subject) return wait;
  const pending = subject.inquiry.pendingExtension;
  return (
    <ActCard title="审批延期申请" subject={subject}>
      {pending && (
        <Descriptions column={1} size="small" style={{ marginBottom: 24 }}>
          <Descriptions.Item label="申请延至">{pending.dueOn}</Descriptions.Item>
          <Descriptions.Item label="申请理由">{pending.reason}</Descriptions.Item>
          <Descriptions.Item label="申请时间">{formatInstant(pending.requestedAt)}</Descriptions.Item>
        </Descriptions>
      )}
      <ExtensionDecisionForm task={task} done={done} />
    </ActCard>
  );
}

interface EvaluationFields {
  verdict: InquiryVerdict;
  reason: string;
  measures?: MeasureFields[];
}

const evaluationBody = (f: EvaluationFields): InquiryEvaluationBody => {
  const reason = f.reason.trim();
  if (f.verdict === 'to_preliminary_check') return { verdict: f.verdict, reason };
  return { verdict: 'accepted', reason, measures: measuresBody(f.measures) };
};

/** The evaluations the commission leader returned before, for the handler evaluating again. */
function Returned({ inquiry }: { inquiry: TalkInquiryDetail }) {
  const last = eventsOf(inquiry, 'evaluation_returned').at(-1);
  return last ? <Alert type="warning" showIcon title={`上次评估意见已被退回：${last.reason ?? ''}`} style={{ marginBottom: 16 }} /> : null;
}

/** 评估: 采信了结 (with any 第一种形态 measures, each to one person) or 转初步核实, and why. */
export function InquiryEvaluation({ task, done }: ActProps) {
  const { subject, wait } = useInquiry(task);
  const [form] = Form.useForm<EvaluationFields>();
  const verdict = Form.useWatch('verdict', form);
  const { busy, error, run } = useAct(async (f: EvaluationFields) => {
    await api.proposeInquiryEvaluation(task.act.path, evaluationBody(f));
    done('已提交评估意见');
  });
  if (wait || !subject) return wait;
  const concerned = subject.lead.personsConcerned[0];
  return (
    <ActCard title="评估谈话函询情况" subject={subject} error={error}>
      <Returned inquiry={subject.inquiry} />
      <Form form={form} layout="vertical" initialValues={{ verdict: 'accepted', measures: [] }} onFinish={(v) => void run(v)}>
        <Form.Item label="评估结论" name="verdict">
          <Radio.Group options={VERDICT_OPTIONS} />
        </Form.Item>
        <ReasonField label="评估意见" message="请填写评估意见" />
        {verdict === 'accepted' && (
          <FirstFormMeasures people={subject.people} person={concerned} required={false} />
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          提交评估意见
        </Button>
      </Form>
    </ActCard>
  );
}

/** 报批: the commission leader over the lead's group approves the evaluation (采信: the lead is closed, its measures recorded) or returns it with a reason. */
export function InquiryEvaluationDecision({ task, done }: ActProps) {
  const { subject, wait } = useInquiry(task);
  if (wait || !subject) return wait;
  return (
    <ActCard title="审批谈话函询评估意见（报批）" subject={subject}>
      <DecisionForm
        yes={APPROVE}
        no={RETURN}
        decide={async (body) => {
          await api.decideInquiryEvaluation(task.act.path, body);
          done(body.decision === 'return' ? '已退回评估意见' : '已批准评估意见');
        }}
      />
    </ActCard>
  );
}
