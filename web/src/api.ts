// The console's only way to the server: the documented API on the same origin (the session cookie
// goes along by itself), the CSRF token on every state-changing request, and every problem document
// (RFC 9457, api/errors.ts) turned into an ApiProblem whose message a person can read in Chinese.

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  requestId?: string;
}

// Chinese for the kinds a person meets at the console; other problems carry a zh-CN detail of their own
const KIND_MESSAGES: Record<string, string> = {
  'sign-in-failed': '邮箱或密码不正确',
  'csrf-token-invalid': '页面已过期，请刷新后重试',
  'password-change-required': '请先修改密码',
  unauthorized: '请先登录',
  forbidden: '您无权进行此操作',
  validation: '填写的内容不符合要求',
};

const STATUS_MESSAGES: Record<number, string> = {
  401: '请先登录',
  403: '您无权进行此操作',
  404: '未找到相应内容',
  409: '当前状态下不能进行此操作',
  422: '填写的内容无法办理',
  429: '操作过于频繁，请稍后再试',
  503: '服务暂时不可用，请稍后重试',
};

const HAS_CHINESE = /[\u4e00-\u9fff]/;

/** The part of a detail before " / " (the API writes zh-CN first, then English), if it is Chinese. */
const chineseDetail = (detail: string): string | undefined => {
  const zh = detail.split(' / ')[0]?.trim();
  return zh && HAS_CHINESE.test(zh) ? zh : undefined;
};

export const problemKind = (p: Problem): string => p.type.replace(/^urn:tantou:problem:/, '');

/** What the person is told: the console's own words for the kind, else the API's Chinese detail, else by status. */
export function chineseMessage(p: Problem, retryAfterSeconds?: number): string {
  const kind = problemKind(p);
  if (kind === 'sign-in-locked') {
    const minutes = retryAfterSeconds ? Math.ceil(retryAfterSeconds / 60) : undefined;
    return `登录失败次数过多，账号已暂时锁定${minutes ? `，请 ${minutes} 分钟后再试` : '，请稍后再试'}`;
  }
  return KIND_MESSAGES[kind] ?? chineseDetail(p.detail) ?? STATUS_MESSAGES[p.status] ?? `请求失败（${p.status}）`;
}

export class ApiProblem extends Error {
  readonly kind: string;
  constructor(
    readonly problem: Problem,
    retryAfterSeconds?: number,
  ) {
    super(chineseMessage(problem, retryAfterSeconds));
    this.name = 'ApiProblem';
    this.kind = problemKind(problem);
  }
}

const NETWORK_PROBLEM: Problem = { type: 'urn:tantou:problem:network', title: 'Network error', status: 0, detail: '无法连接服务器，请检查网络后重试' };

let csrfToken: string | undefined;
/** Kept from the sign-in answer or GET /session; sent back as X-CSRF-Token. */
export const setCsrfToken = (token: string | undefined): void => void (csrfToken = token);

let sessionEnded: (() => void) | undefined;
/** Called when a signed-in call meets 401 (the session expired or was signed out elsewhere). */
export const onSessionEnded = (handler: () => void): void => void (sessionEnded = handler);

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiProblem(NETWORK_PROBLEM);
  }
  if (res.status === 204) return undefined as T;
  // a proxy's or a missing route's HTML page is no answer of the API: judged by its status alone
  const parsed: unknown = /json/.test(res.headers.get('Content-Type') ?? '') ? await res.json() : undefined;
  if (!res.ok) {
    const problem = isProblem(parsed) ? parsed : { type: 'about:blank', title: res.statusText, status: res.status, detail: '' };
    if (res.status === 401 && path !== '/session') sessionEnded?.();
    throw new ApiProblem(problem, Number(res.headers.get('Retry-After')) || undefined);
  }
  return parsed as T;
}

const isProblem = (v: unknown): v is Problem => typeof v === 'object' && v !== null && typeof (v as Problem).type === 'string' && typeof (v as Problem).status === 'number';

// --- the documented answers the console reads (api/schemas/*) ---

export interface Posting {
  role: string;
  roleName: string;
  groupId: string | null;
  unitId: string | null;
}

export interface Session {
  person: { id: string; name: string; title: string | null; email: string; roles: Posting[] };
  mustChangePassword: boolean;
  csrfToken: string;
  expiresAt: string;
}

export type Mark = 'green' | 'yellow' | 'red';

export interface TaskItem {
  id: string;
  kind: string;
  what: string;
  unit: { id: string; name: string } | null;
  process: { kind: string; id: string; title: string };
  dueAt: string | null;
  /** what the due instant counted (12月1日后 5 个工作日（跳过周末 2 天）), where the process keeps its rule */
  dueRule: string | null;
  mark: Mark;
  markRule: string;
  act: { method: Method; path: string };
  page: string;
}

export interface TaskList {
  items: TaskItem[];
  counts: Record<Mark | 'total', number>;
  page: number;
  pageSize: number;
}

export interface Campaign {
  id: string;
  title: string;
  topic: string;
  state: string;
  stateLabel: string;
  unitCount: number;
  deadlineAt: string;
  approvalDueAt: string;
  decisionReason: string | null;
}

export interface Inspection {
  campaignId: string;
  unitId: string;
  unitName: string;
  state: string;
  stateLabel: string;
  round: number | null;
  deadlineAt: string | null;
  submissions: { round: number; submittedById: string; submittedAt: string; content: string }[];
  reviews: { round: number; reviewerId: string; decision: string; reason: string | null; newDeadlineAt: string | null; reviewedAt: string }[];
}

export interface Rectification {
  findingId: string;
  title: string;
  unitId: string;
  state: string;
  stateLabel: string;
  deadlineAt: string | null;
  /** the rectification's events, oldest first; an extension_requested one's detail says what was asked */
  events: { kind: string; actorId: string | null; at: string; detail: unknown }[];
}

/** DeadlineInput: by the end of a Beijing day, or the end of the Nth working day from today. */
export type DeadlineInput = { date: string } | { workingDays: number };

export interface Finding {
  title: string;
  detail?: string;
}

/** A leader's yes-or-no: yes with a note where the API takes one, or no with its reason. */
export type DecisionBody<Y extends string, N extends string> = { decision: Y; comment?: string } | { decision: N; reason: string };
export type ApprovalBody = { decision: 'approve'; reason?: string } | { decision: 'reject'; reason: string };
export type ExtensionDecisionBody = { decision: 'grant' } | { decision: 'refuse'; reason: string };
export type ReviewBody = { decision: 'accept'; findings: Finding[]; comment?: string } | { decision: 'return'; reason: string; newDeadline: DeadlineInput };

/** Where a step's act posts, the thing it acts on is read: `/campaigns/x/decision` → `/campaigns/x`. */
export const subjectPath = (actPath: string): string => actPath.replace(/\/[^/]+$/, '');

/** 统一身份认证: a navigation (not a fetch) to the API, which sends the browser to the provider and back to `page` of the console. */
export const oidcSignInHref = (page: string): string => `/session/oidc?next=${encodeURIComponent(`/console${page}`)}`;

export const api = {
  session: () => call<Session>('GET', '/session'),
  signIn: (email: string, password: string) => call<Session>('POST', '/session', { email, password }),
  signOut: () => call<{ signedOut: true }>('DELETE', '/session'),
  signInMethods: () => call<{ methods: ('password' | 'oidc')[] }>('GET', '/session/methods'),
  changePassword: (currentPassword: string, newPassword: string) => call<{ changed: true }>('POST', '/me/password', { currentPassword, newPassword }),
  tasks: (query: { kind?: string; mark?: Mark; process?: string; page?: number; pageSize?: number } = {}) => {
    const q = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
    return call<TaskList>('GET', `/me/tasks${q.size ? `?${q.toString()}` : ''}`);
  },
  campaign: (path: string) => call<Campaign>('GET', path),
  /** a process's API page (an email's 接口), for what every such page shares */
  page: (path: string) => call<{ title?: unknown }>('GET', path),
  inspection: (path: string) => call<Inspection>('GET', path),
  rectification: (path: string) => call<Rectification>('GET', path),
  // the acts, at the path the to-do item names (POST /campaigns/{id}/decision, /inspections/{c}/{u}/report, …/review,
  // /rectifications/{findingId}/extension-decision, /talk-inquiries/{leadId}/extension-decision)
  decideApproval: (actPath: string, body: ApprovalBody) => call<unknown>('POST', actPath, body),
  decideExtension: (actPath: string, body: ExtensionDecisionBody) => call<unknown>('POST', actPath, body),
  submitReport: (actPath: string, content: string) => call<unknown>('POST', actPath, { content }),
  reviewReport: (actPath: string, body: ReviewBody) => call<unknown>('POST', actPath, body),
  // 统计 and 措施, and the registry's groups and units they are filtered by
  groups: () => call<{ items: Group[] }>('GET', '/groups'),
  units: (query: { groupId?: string } = {}) => call<{ items: Unit[] }>('GET', `/units${queryString(query)}`),
  statistics: (query: StatisticsQuery) => call<StatisticsReport>('GET', `/statistics${queryString(query)}`),
  /** `records` is the figure's own link (GET /statistics/records?figure=…&from=…), `cursor` the next page */
  statisticsRecords: (records: string, cursor?: string) => call<StatisticsRecordPage>('GET', cursor ? `${records}&cursor=${encodeURIComponent(cursor)}` : records),
  measures: (query: MeasureQuery) => call<{ items: Measure[]; nextCursor: string | null }>('GET', `/measures${queryString(query)}`),
  measure: (id: string) => call<Measure>('GET', `/measures/${encodeURIComponent(id)}`),
  recordMeasure: (body: RecordMeasureBody) => call<Measure>('POST', '/measures', body),
  // 问题线索 (api/schemas/leads.ts); the reporter only by its own read, which the API audits
  registerLead: (body: RegisterLeadBody) => call<{ id: string; number: string }>('POST', '/leads', body),
  leads: (query: LeadQuery) => call<LeadList>('GET', `/leads${queryString(query)}`),
  lead: (id: string) => call<LeadDetail>('GET', `/leads/${encodeURIComponent(id)}`),
  /** the lead an act's to-do item names (/leads/{id}) */
  leadAt: (path: string) => call<LeadDetail>('GET', path),
  leadReporter: (id: string) => call<LeadReporter>('GET', `/leads/${encodeURIComponent(id)}/reporter`),
  /** the handlers a lead of a unit may have: commission staff and the unit's group (GET /people: staff and commission leaders only) */
  people: (query: { role?: string; groupId?: string }) => call<{ items: PersonSummary[] }>('GET', `/people${queryString(query)}`),
  // the acts, at the path the to-do item names (/leads/{id}/acceptance, /leads/{id}/reporter-notices)
  decideLeadAcceptance: (actPath: string, body: LeadAcceptanceBody) => call<unknown>('POST', actPath, body),
  recordReporterNotice: (actPath: string, body: ReporterNoticeBody) => call<unknown>('POST', actPath, body),
  // 线索处置, at the paths the to-do items name (/leads/{id}/disposal-proposal, …/collective-review, …/disposal-decision)
  proposeLeadDisposal: (actPath: string, body: DisposalProposalBody) => call<unknown>('POST', actPath, body),
  recordCollectiveReview: (actPath: string, body: CollectiveReviewBody) => call<unknown>('POST', actPath, body),
  decideLeadDisposal: (actPath: string, body: DisposalDecisionBody) => call<unknown>('POST', actPath, body),
  /** who the console offers as a collective review's attendees (/leads/{id}/review-candidates) */
  reviewCandidates: (leadPath: string) => call<{ items: PersonSummary[] }>('GET', `${leadPath}/review-candidates`),
  // 谈话函询 (api/schemas/talkInquiries.ts): the inquiry an act's to-do item names (/talk-inquiries/{leadId}), and its acts
  // at the paths the items name (…/form, …/reply, …/evaluation, …/evaluation-decision; …/extension-decision by decideExtension)
  talkInquiryAt: (path: string) => call<TalkInquiryDetail>('GET', path),
  recordInquiryForm: (actPath: string, body: InquiryFormBody) => call<unknown>('POST', actPath, body),
  recordInquiryReply: (actPath: string, body: InquiryReplyBody) => call<unknown>('POST', actPath, body),
  /** 申请延期: no to-do item of its own, asked while the reply is awaited */
  requestReplyExtension: (inquiryPath: string, body: ReplyExtensionBody) => call<unknown>('POST', `${inquiryPath}/extension-request`, body),
  proposeInquiryEvaluation: (actPath: string, body: InquiryEvaluationBody) => call<unknown>('POST', actPath, body),
  decideInquiryEvaluation: (actPath: string, body: ReturnableDecisionBody) => call<unknown>('POST', actPath, body),
  // 初步核实 (api/schemas/preliminaryChecks.ts): the check an act's to-do item names (/preliminary-checks/{leadId}), and its
  // acts at the paths the items name (…/scheme, …/scheme-decision, …/conclusion, …/conclusion-decision)
  preliminaryCheckAt: (path: string) => call<PreliminaryCheckDetail>('GET', path),
  submitCheckScheme: (actPath: string, body: CheckSchemeBody) => call<unknown>('POST', actPath, body),
  decideCheckScheme: (actPath: string, body: ReturnableDecisionBody) => call<unknown>('POST', actPath, body),
  recordCheckConclusion: (actPath: string, body: CheckConclusionBody) => call<unknown>('POST', actPath, body),
  decideCheckConclusion: (actPath: string, body: ReturnableDecisionBody) => call<unknown>('POST', actPath, body),
  // 立案审查 and 澄清正名 (api/schemas/cases.ts, clearances.ts): filed and started at the paths a checked lead's to-do names
  // (POST /cases, /clearances), their steps at the paths their own to-dos name; the case or clearance read from its page
  caseAt: (path: string) => call<CaseDetail>('GET', path),
  clearanceAt: (path: string) => call<ClearanceDetail>('GET', path),
  fileCase: (actPath: string, body: OpenCaseBody) => call<{ id: string }>('POST', actPath, body),
  /** the one extension, asked from the case's page (/cases/{id}/extension) while it is under investigation */
  requestCaseExtension: (casePath: string, body: { reason: string }) => call<unknown>('POST', `${casePath}/extension`, body),
  decideCaseExtension: (actPath: string, body: ExtensionDecisionBody & { comment?: string }) => call<unknown>('POST', actPath, body),
  /** who the console offers as the 审理 reviewer (/cases/{id}/reviewer-candidates) */
  hearingReviewerCandidates: (casePath: string) => call<{ items: PersonSummary[] }>('GET', `${casePath}/reviewer-candidates`),
  transferForHearing: (actPath: string, body: { reviewerId: string }) => call<unknown>('POST', actPath, body),
  recordHearingOpinion: (actPath: string, body: { opinion: string }) => call<unknown>('POST', actPath, body),
  closeCase: (actPath: string, body: CloseCaseBody) => call<unknown>('POST', actPath, body),
  startClearance: (actPath: string, body: StartClearanceBody) => call<{ id: string }>('POST', actPath, body),
  decideClearance: (actPath: string, body: ClearanceDecisionBody) => call<unknown>('POST', actPath, body),
  recordClearanceDone: (actPath: string, body: { doneOn: string; how: string }) => call<unknown>('POST', actPath, body),
  recordReporterCorrection: (actPath: string, body: { doneOn: string }) => call<unknown>('POST', actPath, body),
};

// --- 问题线索 (api/schemas/leads.ts) ---

export interface PersonConcerned {
  name: string;
  title?: string;
}

export interface RegisterLeadBody {
  source: { kind: string; channel: string };
  unitId: string;
  personsConcerned: PersonConcerned[];
  summary: string;
  realName: boolean;
  reporter?: { name: string; phone?: string; email?: string };
  handlerId: string;
}

export interface LeadSummary {
  id: string;
  number: string;
  source: { kind: string; channel: string; label: string };
  unit: { id: string; name: string };
  groupId: string;
  personsConcerned: PersonConcerned[];
  summary: string;
  realName: boolean;
  handlerId: string;
  state: string;
  stateLabel: string;
  receivedAt: string;
  acceptanceDueAt: string;
  mark: Mark;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface LeadDisposal {
  method: 'talk_inquiry' | 'preliminary_check' | 'shelve' | 'close';
  methodLabel: string;
  reason: string;
  reviewOn: string | null;
  closingReason: string | null;
  proposedAt: string;
  collectiveReview: { heldOn: string; attendees: PersonRef[]; opinion: string } | null;
  approved: { by: PersonRef; at: string } | null;
}

/** One open step of a lead, whoever owes it (a to-do item's fields, and its owner). */
export type LeadStep = Pick<TaskItem, 'kind' | 'what' | 'dueAt' | 'dueRule' | 'mark' | 'markRule' | 'act' | 'page'> & { owner: PersonRef | null };

export interface LeadDetail extends LeadSummary {
  raisedFrom: { findingId: string | null; findingTitle: string | null; workflowId: string | null };
  reporterOnFile: boolean;
  acceptedAt: string | null;
  receiptNotice: { dueAt: string; toldAt: string | null } | null;
  disposal: LeadDisposal | null;
  sentBack: { by: PersonRef; reason: string; at: string }[];
  closedAt: string | null;
  resultNotice: { dueAt: string; toldAt: string | null } | null;
  openSteps: LeadStep[];
  processes: { kind: 'talkInquiry' | 'preliminaryCheck' | 'case' | 'clearance'; id: string; state: string; stateLabel: string; page: string }[];
  timeline: { process: 'lead' | 'talkInquiry' | 'preliminaryCheck' | 'case' | 'clearance'; kind: string; actorId: string | null; at: string; detail: unknown }[];
}

export interface LeadList {
  items: LeadSummary[];
  total: number;
  counts: Record<Mark, number>;
  page: number;
  pageSize: number;
}

export interface LeadQuery {
  state?: string;
  mark?: Mark;
  sourceKind?: string;
  unitId?: string;
  receivedFrom?: string;
  receivedTo?: string;
  page?: number;
  pageSize?: number;
}

export interface LeadReporter {
  leadId: string;
  name: string;
  phone: string | null;
  email: string | null;
  unit: string | null;
  address: string | null;
}

export interface PersonSummary {
  id: string;
  name: string;
  title: string | null;
}

export type LeadAcceptanceBody = { decision: 'accept'; comment?: string } | { decision: 'forward'; forwardTo: string; reason: string };
export type DisposalProposalBody =
  | { method: 'talk_inquiry' | 'preliminary_check'; reason: string }
  | { method: 'shelve'; reason: string; reviewOn: string }
  | { method: 'close'; reason: string; closingReason: string };
export interface CollectiveReviewBody {
  heldOn: string;
  attendeeIds: string[];
  opinion: string;
}
export type DisposalDecisionBody = DecisionBody<'approve', 'send_back'>;
export interface ReporterNoticeBody {
  kind: 'receipt' | 'result';
  means: string;
  toldAt: string;
}

// --- 谈话函询 (api/schemas/talkInquiries.ts; the facts as workflows/messages/talkInquiry.ts projects them) ---

export type InquiryFormBody = { form: 'letter'; sentOn: string; arrivedOn: string } | { form: 'talk'; heldOn: string; heldById: string };
export interface ReplyExtensionBody {
  reason: string;
  /** the Shanghai day the reply is now due (its 24:00), later than the current deadline */
  dueOn: string;
}
export interface InquiryReplyBody {
  receivedOn: string;
  summary: string;
}
/** a measure of 第一种形态 an accepted reply gives (FIRST_FORM_KINDS) */
/** One 第一种形态 measure an accepted reply or a check's conclusion gives: its kind, the person by name, when and by whom. */
export interface FirstFormMeasure {
  kind: string;
  subject: { name: string; title?: string };
  heldOn: string;
  heldById: string;
}
export type InquiryEvaluationBody = { verdict: 'accepted'; reason: string; measures: FirstFormMeasure[] } | { verdict: 'to_preliminary_check'; reason: string };
/** 报批 of a talk inquiry's evaluation, a check's scheme or conclusion: approved (with a note, if any) or returned with a reason. */
export type ReturnableDecisionBody = DecisionBody<'approve', 'return'>;

export interface TalkInquiryDetail {
  leadId: string;
  number: string;
  workflowId: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  state: string;
  stateLabel: string;
  form: ({ form: 'letter'; sentOn: string; arrivedOn: string } | { form: 'talk'; heldOn: string; heldById: string }) | null;
  replyDueAt: string | null;
  replyDueRule: string | null;
  pendingExtension: { reason: string; dueOn: string; deadlineAt: string; requestedAt: string } | null;
  replyReceivedOn: string | null;
  evaluation: { verdict: InquiryEvaluationBody['verdict']; reason: string; measures: FirstFormMeasure[]; proposedAt: string; approved: { byId: string; at: string; comment: string | null } | null } | null;
  completedAt: string | null;
  /** the inquiry's events, oldest first: reply_received's detail holds the reply's summary, evaluation_returned's the reason */
  timeline: { kind: string; actorId: string | null; at: string; detail: unknown }[];
  links: { self: string; lead: string; workflowUi: string };
}

// --- 初步核实 (api/schemas/preliminaryChecks.ts) ---

/** 核实方案: what will be verified, how, the team (核查组, registry ids) and its leader, one of them. */
export interface CheckSchemeBody {
  what: string;
  how: string;
  teamIds: string[];
  teamLeaderId: string;
}

/** 核实结论: the facts found, and what the outcome needs. */
export type CheckConclusionBody =
  | { outcome: 'case_filed'; facts: string; proposal: string }
  | { outcome: 'first_form'; facts: string; measures: FirstFormMeasure[] }
  | { outcome: 'risk_point'; facts: string; risk: string }
  | { outcome: 'false_accusation'; facts: string; finding: string };

type CheckApproval = { byId: string; at: string; comment: string | null } | null;

export interface PreliminaryCheckDetail {
  leadId: string;
  number: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  state: string;
  stateLabel: string;
  warningLevel: 'blue' | 'yellow' | 'red';
  warningLabel: string;
  yellowAt: string | null;
  redAt: string | null;
  scheme: (CheckSchemeBody & { proposedAt: string; approved: CheckApproval }) | null;
  conclusion: (CheckConclusionBody & { proposedAt: string; approved: CheckApproval }) | null;
  outcome: string | null;
  riskPoint: { id: string; findingId: string } | null;
  completedAt: string | null;
  /** scheme_returned and conclusion_returned carry { reason } */
  timeline: { kind: string; actorId: string | null; at: string; detail: unknown }[];
  links: { self: string; lead: string; workflowUi: string };
}

// --- 立案审查 and 澄清正名 (api/schemas/cases.ts, clearances.ts); never the reporter ---

type Timeline = { kind: string; actorId: string | null; at: string; detail: unknown }[];

export interface CaseDetail {
  id: string;
  leadId: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  personsConcerned: (PersonConcerned & { personId?: string })[];
  filedOn: string;
  filedById: string;
  state: string;
  stateLabel: string;
  timeLimitDueAt: string;
  extended: boolean;
  closedAt: string | null;
  hearingReviewerId: string | null;
  dispositions: { person: number; kind: string }[] | null;
  timeline: Timeline;
}

export interface OpenCaseBody {
  leadId: string;
  personsConcerned?: PersonConcerned[];
  filedOn: string;
  comment?: string;
}

export interface CloseCaseBody {
  dispositions: { name: string; kind: string }[];
  comment?: string;
}

export interface ClearanceDetail {
  id: string;
  leadId: string;
  unitId: string;
  handlerId: string;
  personsCleared: PersonConcerned[];
  consentOn: string;
  method: string;
  methodLabel: string;
  audience: { name?: string; unit?: string }[];
  state: string;
  stateLabel: string;
  approvedAt: string | null;
  clearance: { dueAt: string; doneOn: string | null } | null;
  reporterCorrection: { kind: string; label: string; dueAt: string | null; doneOn: string | null } | null;
  timeline: Timeline;
}

export interface StartClearanceBody {
  leadId: string;
  consent: { given: true; on: string };
  method: string;
  audience: { name?: string; unit?: string }[];
  reporterCorrection?: string;
}

export type ClearanceDecisionBody = DecisionBody<'approve', 'reject'>;

// --- 统计 and 措施 (api/schemas/statistics.ts, measures.ts, registry.ts) ---

export interface Group {
  id: string;
  name: string;
  active: boolean;
}

export interface Unit {
  id: string;
  name: string;
  groupId: string;
  groupName: string;
  active: boolean;
}

/** A period of Beijing days, both counted, for one group or unit if named. */
export interface StatisticsQuery {
  from: string;
  to: string;
  groupId?: string;
  unitId?: string;
}

export interface StatisticsFigure {
  code: string;
  label: string;
  unit: string;
  unitLabel: string;
  value: number;
  /** a form's share in tenths of a percent */
  share?: number;
  shareText?: string;
  records: string;
}

export interface StatisticsReport {
  period: { from: string; to: string };
  groupId: string | null;
  unitId: string | null;
  sections: { code: string; label: string; figures: StatisticsFigure[] }[];
}

export interface StatisticsRecord {
  kind: string;
  kindLabel: string;
  id: string;
  on: string;
  unitId: string | null;
  groupId: string | null;
  title: string;
  href: string;
}

export interface StatisticsRecordPage {
  figure: Omit<StatisticsFigure, 'records'>;
  items: StatisticsRecord[];
  nextCursor: string | null;
}

export interface Measure {
  id: string;
  kind: string;
  kindLabel: string;
  form: number | null;
  formLabel: string | null;
  subject: { personId: string | null; name: string; title: string | null };
  unitId: string;
  groupId: string;
  heldOn: string;
  heldById: string;
  reason: string;
  source: { kind: string; label: string; id: string | null };
  supersedes: string | null;
  supersededBy: string | null;
  recordedById: string;
  recordedAt: string;
}

export interface RecordMeasureBody {
  kind: string;
  subject: { personId?: string; name?: string; title?: string };
  unitId: string;
  heldOn: string;
  reason: string;
  source: { kind: string; id?: string };
}

export interface MeasureQuery {
  kind?: string;
  form?: number;
  unitId?: string;
  groupId?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** `?a=1&b=2` of the defined entries, or '' when there are none. */
export const queryString = (query: object): string => {
  const q = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])));
  return q.size ? `?${q.toString()}` : '';
};

/** The .xlsx of the same report: a same-origin link the browser downloads with the session cookie. */
export const statisticsXlsxHref = (query: StatisticsQuery): string => `/statistics.xlsx${queryString(query)}`;
