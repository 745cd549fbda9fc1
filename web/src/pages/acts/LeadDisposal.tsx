// 线索处置 from 我的待办 and the lead's page: 拟处置 and 集体研究 by the handler, 报批 by the commission
// leader over the lead's group. The methods are the API's own data (domain/leads.ts); the API checks
// who, the state, the dates and the attendees again.
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Select, Spin } from 'antd';
import { COLLECTIVE_REVIEW_MIN_ATTENDEES, DISPOSAL_METHODS } from '../../../../domain/leads';
import { api, subjectPath, type DisposalProposalBody, type LeadDetail, type LeadDisposal } from '../../api';
import { BEIJING, dayjs, formatInstant } from '../../time';
import { useAct } from '../../useAct';
import type { ActProps } from '../TaskPage';
import { APPROVE, DecisionForm, ReasonField, RETURN } from './DecisionFields';
import { LeadFacts } from './LeadAcceptance';
import { useSubject } from './useSubject';

const METHOD_OPTIONS = Object.entries(DISPOSAL_METHODS).map(([value, label]) => ({ value, label }));
const today = () => dayjs().tz(BEIJING);

/** The disposal as proposed, reviewed and approved: what the approver decides on, and what the lead's page shows. */
export function DisposalFacts({ disposal }: { disposal: LeadDisposal }) {
  const review = disposal.collectiveReview;
  return (
    <Descriptions column={1} bordered size="small" style={{ marginBottom: 24 }}>
      <Descriptions.Item label="拟处置方式">{disposal.methodLabel}</Descriptions.Item>
      <Descriptions.Item label="拟处置理由">{disposal.reason}</Descriptions.Item>
      {disposal.reviewOn && <Descriptions.Item label="复查日期">{disposal.reviewOn}</Descriptions.Item>}
      {disposal.closingReason && <Descriptions.Item label="了结理由">{disposal.closingReason}</Descriptions.Item>}
      <Descriptions.Item label="拟处置时间">{formatInstant(disposal.proposedAt)}</Descriptions.Item>
      <Descriptions.Item label="集体研究">
        {review ? `${review.heldOn}，参加人员：${review.attendees.map((a) => a.name).join('、')}；研究意见：${review.opinion}` : '尚未记录'}
      </Descriptions.Item>
      <Descriptions.Item label="审批">{disposal.approved ? `${disposal.approved.by.name} 于 ${formatInstant(disposal.approved.at)} 批准` : '待报批'}</Descriptions.Item>
    </Descriptions>
  );
}

/** The lead the act's path names, read once; an Alert or a spinner until it is there. */
function useLead(task: ActProps['task']) {
  const path = subjectPath(task.act.path);
  const { subject, error } = useSubject(() => api.leadAt(path), path);
  return { lead: subject, path, wait: error ? <Alert type="error" showIcon title={error} /> : !subject ? <Spin /> : null };
}

interface ProposalFields {
  method: DisposalProposalBody['method'];
  reason: string;
  reviewOn?: dayjs.Dayjs;
  closingReason?: string;
}

const proposalBody = (f: ProposalFields): DisposalProposalBody => {
  const reason = f.reason.trim();
  if (f.method === 'shelve') return { method: 'shelve', reason, reviewOn: f.reviewOn!.format('YYYY-MM-DD') };
  if (f.method === 'close') return { method: 'close', reason, closingReason: f.closingReason!.trim() };
  return { method: f.method, reason };
};

/** 拟处置: the handler proposes one of the four methods and why; 暂存待查 with its review date, 予以了结 with its closing reason. */
export function DisposalProposal({ task, done }: ActProps) {
  const { lead, wait } = useLead(task);
  const [form] = Form.useForm<ProposalFields>();
  const method = Form.useWatch('method', form);
  const { busy, error, run } = useAct(async (f: ProposalFields) => {
    await api.proposeLeadDisposal(task.act.path, proposalBody(f));
    done('已提交拟处置意见');
  });
  if (wait || !lead) return wait;
  return (
    <Card title="拟处置">
      <LeadFacts lead={lead} />
      <SentBack lead={lead} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)}>
        <Form.Item label="处置方式" name="method" rules={[{ required: true, message: '请选择处置方式' }]}>
          <Select options={METHOD_OPTIONS} style={{ width: 240 }} placeholder="请选择" />
        </Form.Item>
        <ReasonField label="拟处置理由" message="请填写拟处置理由" />
        {method === 'shelve' && (
          <Form.Item label="复查日期" name="reviewOn" rules={[{ required: true, message: '暂存待查须确定复查日期' }]}>
            <DatePicker disabledDate={(d) => !d.isAfter(today(), 'day')} />
          </Form.Item>
        )}
        {method === 'close' && (
          <Form.Item label="了结理由" name="closingReason" rules={[{ required: true, whitespace: true, message: '予以了结须说明了结理由' }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          提交拟处置
        </Button>
      </Form>
    </Card>
  );
}

/** The disposals sent back before, for the handler proposing again. */
function SentBack({ lead }: { lead: LeadDetail }) {
  if (!lead.sentBack.length) return null;
  const last = lead.sentBack.at(-1)!;
  return <Alert type="warning" showIcon title={`上次拟处置已被 ${last.by.name} 退回：${last.reason}`} style={{ marginBottom: 16 }} />;
}

interface ReviewFields {
  heldOn: dayjs.Dayjs;
  attendeeIds: string[];
  opinion: string;
}

/** 集体研究: when it was held (not after today), who attended (from the registry), its opinion. */
export function CollectiveReview({ task, done }: ActProps) {
  const { lead, path, wait } = useLead(task);
  const { subject: candidates } = useSubject(() => api.reviewCandidates(path), path);
  const { busy, error, run } = useAct(async (f: ReviewFields) => {
    await api.recordCollectiveReview(task.act.path, { heldOn: f.heldOn.format('YYYY-MM-DD'), attendeeIds: f.attendeeIds, opinion: f.opinion.trim() });
    done('已记录集体研究意见');
  });
  if (wait || !lead) return wait;
  return (
    <Card title="集体研究">
      {lead.disposal && <DisposalFacts disposal={lead.disposal} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<ReviewFields> layout="vertical" initialValues={{ heldOn: today(), attendeeIds: [] }} onFinish={(v) => void run(v)}>
        <Form.Item label="研究日期" name="heldOn" rules={[{ required: true, message: '请选择研究日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(today(), 'day')} allowClear={false} />
        </Form.Item>
        <Form.Item
          label="参加人员"
          name="attendeeIds"
          rules={[{ type: 'array', min: COLLECTIVE_REVIEW_MIN_ATTENDEES, required: true, message: `集体研究至少 ${COLLECTIVE_REVIEW_MIN_ATTENDEES} 人参加` }]}
        >
          <Select
            mode="multiple"
            loading={!candidates}
            placeholder="从人员库中选择"
            optionFilterProp="label"
            options={(candidates?.items ?? []).map((p) => ({ value: p.id, label: p.title ? `${p.name}（${p.title}）` : p.name }))}
          />
        </Form.Item>
        <Form.Item label="研究意见" name="opinion" rules={[{ required: true, whitespace: true, message: '请填写研究意见' }]}>
          <Input.TextArea rows={3} maxLength={5000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          记录集体研究
        </Button>
      </Form>
    </Card>
  );
}

/** 报批: the commission leader over the lead's group approves the disposal (with a note, if any) or sends it back with a reason. */
export function DisposalDecision({ task, done }: ActProps) {
  const { lead, wait } = useLead(task);
  if (wait || !lead) return wait;
  return (
    <Card title="审批线索处置">
      <LeadFacts lead={lead} />
      {lead.disposal && <DisposalFacts disposal={lead.disposal} />}
      <DecisionForm
        yes={APPROVE}
        no={{ ...RETURN, value: 'send_back' }}
        decide={async (body) => {
          await api.decideLeadDisposal(task.act.path, body);
          done(body.decision === 'send_back' ? '已退回拟处置意见' : '已批准处置');
        }}
      />
    </Card>
  );
}
