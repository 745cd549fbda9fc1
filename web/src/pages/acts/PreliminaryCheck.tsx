// 初步核实 from 我的待办: 报核实方案 and 报核实结论 by the lead's handler, each 审批 by the commission leader
// over the lead's group. The outcomes, the measure kinds, the team's minimum and the warnings' rules are
// the API's own data (domain/); the API checks who, the state, the team, the people and the dates again.
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Spin, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { MEASURE_KINDS, type MeasureKind } from '../../../../domain/fourForms';
import { LEAD_OUTCOMES } from '../../../../domain/leads';
import { CHECK_TEAM_MIN, WARNING_RULES } from '../../../../domain/preliminaryChecks';
import { api, subjectPath, type CheckConclusionBody, type LeadDetail, type PersonSummary, type PreliminaryCheckDetail } from '../../api';
import { BEIJING, dayjs, formatInstant } from '../../time';
import { useAct } from '../../useAct';
import type { ActProps } from '../TaskPage';
import { APPROVE, DecisionForm, RETURN } from './DecisionFields';
import { FirstFormMeasures, measuresBody, personOptions, type MeasureFields } from './FirstFormMeasures';
import { LeadFacts } from './LeadAcceptance';
import { useSubject } from './useSubject';

type Outcome = CheckConclusionBody['outcome'];
const OUTCOME_OPTIONS = Object.entries(LEAD_OUTCOMES).map(([value, label]) => ({ value, label }));
const today = () => dayjs().tz(BEIJING);

interface Check {
  check: PreliminaryCheckDetail;
  lead: LeadDetail;
  /** who the console offers for the team and as a measure's 实施人, and names the ids with: the lead's review candidates (the commission and the lead's group) */
  people: PersonSummary[];
}

async function readCheck(path: string): Promise<Check> {
  const check = await api.preliminaryCheckAt(path);
  const [lead, people] = await Promise.all([api.leadAt(check.links.lead), api.reviewCandidates(check.links.lead)]);
  return { check, lead, people: people.items };
}

/** The check the act's path names (/preliminary-checks/{leadId}), read once; an Alert or a spinner until it is there. */
function useCheck(task: ActProps['task']) {
  const path = subjectPath(task.act.path);
  const { subject, error } = useSubject(() => readCheck(path), path);
  return { subject, wait: error ? <Alert type="error" showIcon title={error} /> : !subject ? <Spin /> : null };
}

const nameIn = (people: PersonSummary[]) => (id: string) => people.find((p) => p.id === id)?.name ?? id;

/** 核实方案 and 核实结论 as submitted: what the approver decides on, and what the handler concludes against. */
export function PreliminaryCheckFacts({ check, people }: { check: PreliminaryCheckDetail; people: PersonSummary[] }) {
  const name = nameIn(people);
  const approval = (a: { byId: string; at: string; comment: string | null } | null) => (a ? `${name(a.byId)} 于 ${formatInstant(a.at)} 批准${a.comment ? `：${a.comment}` : ''}` : '待审批');
  const { scheme, conclusion } = check;
  const items: DescriptionsProps['items'] = [{ key: 'state', label: '核实状态', children: check.stateLabel }];
  if (scheme) {
    items.push(
      { key: 'what', label: '核实内容', children: scheme.what },
      { key: 'how', label: '核实方式', children: scheme.how },
      { key: 'team', label: '核查组', children: scheme.teamIds.map((id) => (id === scheme.teamLeaderId ? `${name(id)}（组长）` : name(id))).join('、') },
      { key: 'schemeApproval', label: '方案审批', children: approval(scheme.approved) },
    );
  }
  if (check.yellowAt && check.redAt) {
    items.push(
      { key: 'warning', label: '亮灯预警', children: check.warningLabel },
      { key: 'yellow', label: '亮黄灯', children: <WarningAt at={check.yellowAt} rule={WARNING_RULES.yellow} /> },
      { key: 'red', label: '亮红灯', children: <WarningAt at={check.redAt} rule={WARNING_RULES.red} /> },
    );
  }
  if (conclusion) {
    items.push({ key: 'outcome', label: '核实结果', children: LEAD_OUTCOMES[conclusion.outcome] }, { key: 'facts', label: '核实情况', children: conclusion.facts });
    if (conclusion.outcome === 'first_form') {
      const measures = conclusion.measures.map((m) => `${MEASURE_KINDS[m.kind as MeasureKind].label}：${m.subject.name}${m.subject.title ? `（${m.subject.title}）` : ''}，${m.heldOn}，实施人 ${name(m.heldById)}`);
      items.push({ key: 'measures', label: '第一种形态措施', children: measures.join('；') });
    } else {
      const { label, name: field } = OUTCOME_TEXT[conclusion.outcome];
      items.push({ key: field, label, children: (conclusion as Partial<Record<typeof field, string>>)[field] });
    }
    items.push({ key: 'conclusionApproval', label: '结论审批', children: approval(conclusion.approved) });
  }
  return <Descriptions column={1} bordered size="small" style={{ marginBottom: 24 }} items={items} />;
}

/** When a warning turns, and the practice it comes from. */
function WarningAt({ at, rule }: { at: string; rule: { rule: string; confidence: string } }) {
  return (
    <Space orientation="vertical" size={0}>
      <span>{formatInstant(at)}</span>
      <Typography.Text type="secondary">{`${rule.rule} ${rule.confidence}`}</Typography.Text>
    </Space>
  );
}

/** The last time this step was returned (退回), for the handler submitting it again. */
function Returned({ check, step, people }: { check: PreliminaryCheckDetail; step: 'scheme' | 'conclusion'; people: PersonSummary[] }) {
  const last = check.timeline.filter((e) => e.kind === `${step}_returned`).at(-1);
  if (!last) return null;
  const { reason } = last.detail as { reason: string };
  return <Alert type="warning" showIcon title={`上次${step === 'scheme' ? '核实方案' : '核实结论'}已被 ${last.actorId ? nameIn(people)(last.actorId) : ''} 退回：${reason}`} style={{ marginBottom: 16 }} />;
}

interface SchemeFields {
  what: string;
  how: string;
  teamIds: string[];
  teamLeaderId: string;
}

/** The scheme last submitted, to revise once returned: a returned scheme is cleared from the check, its timeline keeps it. */
const lastSubmitted = (check: PreliminaryCheckDetail) => check.timeline.filter((e) => e.kind === 'scheme_proposed').at(-1)?.detail as SchemeFields | undefined;

/** 报核实方案: what will be verified and how, the team (at least CHECK_TEAM_MIN, from the registry) and its leader, one of them. */
export function CheckScheme({ task, done }: ActProps) {
  const { subject, wait } = useCheck(task);
  const [form] = Form.useForm<SchemeFields>();
  const teamIds = Form.useWatch('teamIds', form) ?? [];
  const { busy, error, run } = useAct(async (f: SchemeFields) => {
    await api.submitCheckScheme(task.act.path, { what: f.what.trim(), how: f.how.trim(), teamIds: f.teamIds, teamLeaderId: f.teamLeaderId });
    done('已报核实方案');
  });
  if (wait || !subject) return wait;
  const { check, lead, people } = subject;
  return (
    <Card title="核实方案">
      <LeadFacts lead={lead} />
      <PreliminaryCheckFacts check={check} people={people} />
      <Returned check={check} step="scheme" people={people} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={lastSubmitted(check) ?? { teamIds: [] }} onFinish={(v) => void run(v)}>
        <Form.Item label="核实内容" name="what" rules={[{ required: true, whitespace: true, message: '请填写核实内容' }]}>
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item label="核实方式" name="how" rules={[{ required: true, whitespace: true, message: '请填写核实方式' }]}>
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item label="核查组" name="teamIds" rules={[{ type: 'array', min: CHECK_TEAM_MIN, required: true, message: `核查组至少 ${CHECK_TEAM_MIN} 名人员` }]}>
          <Select mode="multiple" placeholder="从人员库中选择" optionFilterProp="label" options={personOptions(people)} />
        </Form.Item>
        <Form.Item
          label="核查组组长"
          name="teamLeaderId"
          dependencies={['teamIds']}
          rules={[
            { required: true, message: '请选择核查组组长' },
            ({ getFieldValue }) => ({
              validator: (_, id?: string) => (!id || (getFieldValue('teamIds') as string[]).includes(id) ? Promise.resolve() : Promise.reject(new Error('核查组组长须为核查组成员'))),
            }),
          ]}
        >
          <Select placeholder="从核查组中选择" style={{ width: 240 }} options={personOptions(people.filter((p) => teamIds.includes(p.id)))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          报核实方案
        </Button>
      </Form>
    </Card>
  );
}

/** The text field each outcome but 第一种形态 needs (api/schemas/preliminaryChecks.ts RecordCheckConclusionBody). */
const OUTCOME_TEXT = {
  case_filed: { name: 'proposal', label: '立案建议', message: '请填写立案建议', extra: undefined },
  risk_point: { name: 'risk', label: '风险点', message: '请填写风险点', extra: '批准后记为该单位的风险点，由单位对照整改、细化主体责任；单位看到风险点，看不到线索' },
  false_accusation: { name: 'finding', label: '诬告陷害认定', message: '请填写诬告陷害认定', extra: '批准后由承办人澄清正名' },
} as const satisfies Record<Exclude<Outcome, 'first_form'>, { name: string; label: string; message: string; extra: string | undefined }>;

interface ConclusionFields {
  outcome: Outcome;
  facts: string;
  proposal?: string;
  risk?: string;
  finding?: string;
  measures?: MeasureFields[];
}

const conclusionBody = (f: ConclusionFields): CheckConclusionBody => {
  const facts = f.facts.trim();
  if (f.outcome === 'first_form') return { outcome: 'first_form', facts, measures: measuresBody(f.measures) };
  if (f.outcome === 'case_filed') return { outcome: f.outcome, facts, proposal: f.proposal!.trim() };
  if (f.outcome === 'risk_point') return { outcome: f.outcome, facts, risk: f.risk!.trim() };
  return { outcome: f.outcome, facts, finding: f.finding!.trim() };
};

/** 报核实结论: one of the four outcomes, the facts found, and what the outcome needs (its measures, the case proposal, the risk point, the finding). */
export function CheckConclusion({ task, done }: ActProps) {
  const { subject, wait } = useCheck(task);
  const [form] = Form.useForm<ConclusionFields>();
  const outcome = Form.useWatch('outcome', form);
  const { busy, error, run } = useAct(async (f: ConclusionFields) => {
    await api.recordCheckConclusion(task.act.path, conclusionBody(f));
    done('已报核实结论');
  });
  if (wait || !subject) return wait;
  const { check, lead, people } = subject;
  const text = outcome && outcome !== 'first_form' ? OUTCOME_TEXT[outcome] : undefined;
  return (
    <Card title="核实结论">
      <LeadFacts lead={lead} />
      <PreliminaryCheckFacts check={check} people={people} />
      <Returned check={check} step="conclusion" people={people} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ measures: [{ heldOn: today() }] }} onFinish={(v) => void run(v)}>
        <Form.Item label="核实结果" name="outcome" rules={[{ required: true, message: '请选择核实结果' }]}>
          <Select options={OUTCOME_OPTIONS} style={{ width: 320 }} placeholder="请选择" />
        </Form.Item>
        <Form.Item label="核实情况" name="facts" rules={[{ required: true, whitespace: true, message: '请填写核实情况' }]}>
          <Input.TextArea rows={4} maxLength={20_000} showCount />
        </Form.Item>
        {outcome === 'first_form' && <FirstFormMeasures people={people} person={lead.personsConcerned[0]} required />}
        {text && (
          <Form.Item key={text.name} label={text.label} name={text.name} extra={text.extra} rules={[{ required: true, whitespace: true, message: text.message }]}>
            <Input.TextArea rows={3} maxLength={text.name === 'risk' ? 2000 : 4000} showCount />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          报核实结论
        </Button>
      </Form>
    </Card>
  );
}

const DECISIONS = {
  scheme: { title: '审批核实方案', decide: api.decideCheckScheme, approved: '已批准核实方案', returned: '已退回核实方案' },
  conclusion: { title: '审批核实结论', decide: api.decideCheckConclusion, approved: '已批准核实结论', returned: '已退回核实结论' },
} as const;

/** 审批: the commission leader over the lead's group approves the scheme or the conclusion (with a note, if any), or returns it with a reason. */
function CheckDecision({ task, done, step }: ActProps & { step: keyof typeof DECISIONS }) {
  const { subject, wait } = useCheck(task);
  const { title, decide, approved, returned } = DECISIONS[step];
  if (wait || !subject) return wait;
  return (
    <Card title={title}>
      <LeadFacts lead={subject.lead} />
      <PreliminaryCheckFacts check={subject.check} people={subject.people} />
      <DecisionForm
        yes={APPROVE}
        no={RETURN}
        decide={async (body) => {
          await decide(task.act.path, body);
          done(body.decision === 'return' ? returned : approved);
        }}
      />
    </Card>
  );
}

export const CheckSchemeDecision = (props: ActProps) => <CheckDecision {...props} step="scheme" />;
export const CheckConclusionDecision = (props: ActProps) => <CheckDecision {...props} step="conclusion" />;
