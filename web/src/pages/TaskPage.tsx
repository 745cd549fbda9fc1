// One to-do item and its act. The item comes from GET /me/tasks (so an email link opens the same page),
// and the act goes to the path the item names; the thing acted on is read from that path's parent.
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Card, Descriptions, Space, Spin } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { api, type TaskItem } from '../api';
import { DeadlineText, MarkTag } from '../marks';
import { CampaignDecision } from './acts/CampaignDecision';
import { CaseClosing, CaseExtensionDecision, CaseTransfer, FileCase, HearingOpinion } from './acts/Case';
import { ClearanceDecision, ClearanceDone, ReporterCorrection, StartClearance } from './acts/Clearance';
import { ExtensionDecision } from './acts/ExtensionDecision';
import { LeadAcceptance, ReceiptNotice, ResultNotice } from './acts/LeadAcceptance';
import { CollectiveReview, DisposalDecision, DisposalProposal } from './acts/LeadDisposal';
import { CheckConclusion, CheckConclusionDecision, CheckScheme, CheckSchemeDecision } from './acts/PreliminaryCheck';
import { ReportReview } from './acts/ReportReview';
import { ReportSubmission } from './acts/ReportSubmission';
import { InquiryEvaluation, InquiryEvaluationDecision, InquiryExtensionDecision, InquiryFormRecord, InquiryReply } from './acts/TalkInquiry';

/** What an act's form receives: the item, and what to call once the act has been accepted. */
export interface ActProps {
  task: TaskItem;
  done: (message: string) => void;
}

const ACTS: Record<string, (props: ActProps) => ReactNode> = {
  'campaign.approve': CampaignDecision,
  'unitInspection.submit': ReportSubmission,
  'unitInspection.review': ReportReview,
  'rectification.extension': ExtensionDecision,
  'lead.accept': LeadAcceptance,
  'lead.notifyReceipt': ReceiptNotice,
  'lead.propose': DisposalProposal,
  'lead.recordReview': CollectiveReview,
  'lead.approveDisposal': DisposalDecision,
  'lead.notifyResult': ResultNotice,
  'talkInquiry.recordForm': InquiryFormRecord,
  'talkInquiry.recordReply': InquiryReply,
  'talkInquiry.decideExtension': InquiryExtensionDecision,
  'talkInquiry.evaluate': InquiryEvaluation,
  'talkInquiry.approveEvaluation': InquiryEvaluationDecision,
  'preliminaryCheck.scheme': CheckScheme,
  'preliminaryCheck.schemeDecision': CheckSchemeDecision,
  'preliminaryCheck.conclude': CheckConclusion,
  'preliminaryCheck.conclusionDecision': CheckConclusionDecision,
  'lead.fileCase': FileCase,
  'lead.startClearance': StartClearance,
  'case.transfer': CaseTransfer,
  'case.extensionDecision': CaseExtensionDecision,
  'case.hearingOpinion': HearingOpinion,
  'case.close': CaseClosing,
  'clearance.approve': ClearanceDecision,
  'clearance.record': ClearanceDone,
  'clearance.correct': ReporterCorrection,
};

const PAGE_SIZE = 100;

// the id's business part is URL-encoded (workflow ids hold slashes); the router may hand it back decoded
const decoded = (id: string): string => {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
};

/** The item of this id among the caller's to-dos of its kind, page by page; undefined when it is not there. */
async function findTask(id: string): Promise<TaskItem | undefined> {
  const kind = id.slice(0, id.indexOf(':'));
  for (let page = 1; ; page++) {
    const list = await api.tasks({ kind, page, pageSize: PAGE_SIZE });
    const found = list.items.find((t) => decoded(t.id) === decoded(id));
    if (found || list.items.length < PAGE_SIZE) return found;
  }
}

export function TaskPage() {
  const { taskId = '' } = useParams();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [task, setTask] = useState<TaskItem | null>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    findTask(taskId).then((t) => setTask(t ?? null), (e: Error) => setError(e.message));
  }, [taskId]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (task === undefined) return <Spin />;
  if (task === null) return <Alert type="info" showIcon title="该待办已办结，或不由您办理" description={<Link to="/tasks">返回我的待办</Link>} />;
  const Act = ACTS[task.kind];
  const done = (text: string) => {
    void message.success(text);
    void navigate('/tasks');
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Link to="/tasks">← 返回我的待办</Link>
      <Card title={task.what}>
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label="所属">{task.process.title}</Descriptions.Item>
          {task.unit && <Descriptions.Item label="单位">{task.unit.name}</Descriptions.Item>}
          <Descriptions.Item label="期限">
            <DeadlineText at={task.dueAt} rule={task.dueRule} />
          </Descriptions.Item>
          <Descriptions.Item label="预警">
            <Space>
              <MarkTag task={task} />
              {task.markRule}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {Act ? <Act task={task} done={done} /> : <Alert type="info" showIcon title="此类待办暂不能在控制台办理" />}
    </Space>
  );
}
