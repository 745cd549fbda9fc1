import { LEAD_HANDLER_ROLES } from '../../domain/leads';
// The authorization matrix test's fixtures (records made once through the real API) and, per route of
// the table, the one call that exercises it. A new route needs one line in ROUTE_CALLS: the test fails
// for a route without one.
import { ALL_ROLES, type CallScope } from '../../api/authorization';
import { isUnitRole, type Role } from '../../domain/roles';
import { inspectionFindingId, unitInspectionWorkflowId } from '../../domain/ids';
import request from 'supertest';
import { demoToken } from '../../prisma/seed';
import { eventually, launchBody, type Stack } from '../e2e/stack';

/** Who plays each role: in the fixtures' own unit and group (区公路局, 第五派驻组), and in another (区卫计局, 第三派驻组). */
// the commission reaches every unit, so it has no other scope
export const PEOPLE: { own: Record<Role, string>; other: Partial<Record<Role, string>> } = {
  own: {
    STAFF: 'staff-li',
    COMMISSION_LEADER: 'deputy',
    GROUP_LEADER: 'g5-leader',
    GROUP_MEMBER: 'g5-member',
    UNIT_CONTACT: 'gongluju-contact',
    UNIT_LEADER: 'gongluju-leader',
    UNIT_MEMBER: 'gongluju-member1',
  },
  other: {
    GROUP_LEADER: 'g3-leader',
    GROUP_MEMBER: 'g3-member',
    UNIT_CONTACT: 'weijiju-contact',
    UNIT_LEADER: 'weijiju-leader',
    UNIT_MEMBER: 'weijiju-member1',
  },
};

export interface Fixtures {
  /** a campaign over 区公路局 awaiting approval (its own routes approve and cancel it) */
  campaign: string;
  /** a campaign whose 区公路局 report was accepted with one finding */
  inspectionCampaign: string;
  /** that finding, whose rectification awaits its plan */
  finding: string;
  /** surprise checks of 区公路局: one started, one sealed for an hour */
  check: { started: string; sealed: string };
  routineCycle: string;
  routineRun: string;
  /** a finance audit of 区公路局 */
  audit: string;
  /** the live rota of 区公路局, and an open turn with the 一把手 and one with a 班子成员 on duty */
  rota: string;
  turns: { UNIT_LEADER: string; UNIT_MEMBER: string };
  /** a personal API token of each role's own person, by id (to revoke), and a token its owner has revoked */
  tokens: Record<Role, string>;
  revokedToken: string;
  /** a reminder talk (谈话提醒) recorded by staff for someone of 区公路局 */
  measure: string;
  /** real-name leads of 区公路局, one handled by each role that may handle one (staff-li, g5-leader, g5-member), each under preliminary check */
  leads: Record<LeadHandlerRole, string>;
  /** a lead of 区公路局 handled by g5-member whose 谈话函询 was approved: its talk inquiry running */
  inquiredLead: string;
  /** a case filed by the commission leader over 第五派驻组, and a clearance, each from a lead of 区公路局 handled by g5-member */
  caseId: string;
  clearanceId: string;
}

type LeadHandlerRole = (typeof LEAD_HANDLER_ROLES)[number];

/** A real-name complaint about 区公路局 registered by commission staff, with `handlerId` as its handler. */
export const leadBody = (handlerId: string, reporter = { name: '矩阵举报人', phone: '13800000000' }) => ({
  source: { kind: 'complaint', channel: 'letter' },
  unitId: 'gongluju',
  personsConcerned: [{ name: '某科长', title: '区公路局 科长' }],
  summary: '反映公车私用',
  realName: true,
  reporter,
  handlerId,
});

async function leads(stack: Stack): Promise<Record<LeadHandlerRole, string>> {
  const made = await Promise.all(
    LEAD_HANDLER_ROLES.map(async (role) => [role, await approvedLead(stack, 'preliminary_check', { handlerId: PEOPLE.own[role] })] as const),
  );
  return Object.fromEntries(made) as Record<LeadHandlerRole, string>;
}

/**
 * A registered lead accepted by its handler and its disposal by `method` proposed, studied collectively and
 * approved by the commission leader over 第五派驻组, all through the API; the lead starts the method's
 * process as its child, which this waits for.
 */
export async function approveDisposal(stack: Stack, id: string, method: 'talk_inquiry' | 'preliminary_check', handlerId = 'g5-member'): Promise<void> {
  await eventually(async () => (await stack.as(handlerId).post(`/leads/${id}/acceptance`, { decision: 'accept' })).status === 200, { what: `lead ${id} accepted` });
  await stack.as(handlerId).post(`/leads/${id}/disposal-proposal`, { method, reason: '经初步研判，按此方式处置' }).expect(200);
  const heldOn = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  await stack.as(handlerId).post(`/leads/${id}/collective-review`, { heldOn, attendeeIds: ['g5-leader', 'g5-member'], opinion: '同意' }).expect(200);
  await stack.as('deputy').post(`/leads/${id}/disposal-decision`, { decision: 'approve' }).expect(200);
  const path = method === 'talk_inquiry' ? `/talk-inquiries/${id}` : `/preliminary-checks/${id}`;
  await eventually(async () => (await stack.as(handlerId).get(path)).status === 200, { what: `the ${method} of lead ${id}` });
}

/** A lead of 区公路局 registered and its disposal by `method` approved (approveDisposal). */
export async function approvedLead(stack: Stack, method: 'talk_inquiry' | 'preliminary_check', { handlerId = 'g5-member', realName = true } = {}): Promise<string> {
  const body = realName ? leadBody(handlerId) : { ...leadBody(handlerId), realName: false, reporter: undefined };
  const { id } = (await stack.as('staff-li').post('/leads', body).expect(202)).body as { id: string };
  await approveDisposal(stack, id, method, handlerId);
  return id;
}

/**
 * A lead of 区公路局 whose preliminary check ended `outcome`: its scheme and its conclusion submitted by the
 * handler and approved by the commission leader over 第五派驻组, through the API.
 */
export async function checkedLead(stack: Stack, outcome: 'case_filed' | 'false_accusation', handlerId = 'g5-member'): Promise<string> {
  const id = await approvedLead(stack, 'preliminary_check', { handlerId });
  const path = `/preliminary-checks/${id}`;
  await stack.as(handlerId).post(`${path}/scheme`, { what: '核实反映问题', how: '调阅资料、谈话', teamIds: ['g5-member', 'g5-leader'], teamLeaderId: 'g5-leader' }).expect(200);
  await stack.as('deputy').post(`${path}/scheme-decision`, { decision: 'approve' }).expect(200);
  const conclusion = outcome === 'case_filed' ? { outcome, facts: '经核实，违纪事实基本清楚', proposal: '建议立案审查' } : { outcome, facts: '经核实，反映问题不属实', finding: '举报人捏造事实' };
  await stack.as(handlerId).post(`${path}/conclusion`, conclusion).expect(200);
  await stack.as('deputy').post(`${path}/conclusion-decision`, { decision: 'approve' }).expect(200);
  await eventually(async () => (await stack.db.lead.findUniqueOrThrow({ where: { id } })).outcome === outcome, { what: `lead ${id} ended ${outcome}` });
  return id;
}

async function caseAndClearance(stack: Stack): Promise<{ caseId: string; clearanceId: string }> {
  const [forCase, forClearance] = await Promise.all([checkedLead(stack, 'case_filed'), checkedLead(stack, 'false_accusation')]);
  const filedOn = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const caseId = (await stack.as('deputy').post('/cases', { leadId: forCase, filedOn }).expect(202)).body.id as string;
  const clearance = { leadId: forClearance, consent: { given: true, on: filedOn }, method: 'letter', audience: [{ unit: '区公路局' }], reporterCorrection: 'written_self_criticism' };
  const clearanceId = (await stack.as('g5-member').post('/clearances', clearance).expect(202)).body.id as string;
  return { caseId, clearanceId };
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const firstItem = async <T>(probe: () => Promise<{ body: { items: T[] } }>, what: string) => eventually(async () => (await probe()).body.items[0], { what });

async function launchedCampaign(stack: Stack): Promise<string> {
  const { id } = (await stack.as('staff-li').post('/campaigns', launchBody()).expect(202)).body;
  // a group sees a campaign once its first activity has written the units
  await eventually(async () => (await stack.as('g5-member').get(`/campaigns/${id}`)).status === 200, { what: `campaign ${id} visible to its group` });
  return id;
}

async function acceptedWithFinding(stack: Stack): Promise<{ campaignId: string; findingId: string }> {
  const campaignId = await launchedCampaign(stack);
  await stack.as('deputy').post(`/campaigns/${campaignId}/decision`, { decision: 'approve' }).expect(200);
  await eventually(async () => (await stack.as('gongluju-contact').post(`/inspections/${campaignId}/gongluju/report`, { content: '自查报告' })).status === 200, { what: 'the report' });
  await stack.as('g5-member').post(`/inspections/${campaignId}/gongluju/review`, { decision: 'accept', findings: [{ title: '公车使用登记不全' }] }).expect(200);
  const findingId = inspectionFindingId(unitInspectionWorkflowId(campaignId, 'gongluju'), 1);
  await eventually(async () => (await stack.as('gongluju-contact').get(`/rectifications/${encodeURIComponent(findingId)}`)).status === 200, { what: 'the rectification' });
  return { campaignId, findingId };
}

async function surpriseCheck(stack: Stack, startsInMs: number): Promise<string> {
  const body = { title: '节前作风突击抽查', subject: 'clock_in', startsAt: new Date(Date.now() + startsInMs).toISOString(), deadline: inDays(1), targets: { unitIds: ['gongluju'] } };
  return (await stack.as('staff-li').post('/surprise-checks', body).expect(202)).body.id;
}

async function routineRun(stack: Stack): Promise<{ cycle: string; run: string }> {
  const [cycle] = (await stack.as('staff-li').post('/routine-cycles', { unitIds: ['gongluju'], cadence: { kind: 'monthly' } }).expect(201)).body.items;
  await stack.as('staff-li').post(`/routine-cycles/${cycle.id}/trigger`).expect(202);
  const run = await firstItem<{ id: string }>(() => stack.as('staff-li').get(`/routine-cycles/${cycle.id}/runs`), 'the triggered run');
  return { cycle: cycle.id, run: run.id };
}

/** A rota of `memberIds` on 区公路局 and the open turn it was triggered to start. */
async function rotaTurn(stack: Stack, memberIds: string[]): Promise<{ rota: string; turn: string }> {
  const rota = (await stack.as('staff-li').post('/self-supervision-rotas', { unitId: 'gongluju', memberIds }).expect(201)).body.id;
  await stack.as('staff-li').post(`/self-supervision-rotas/${rota}/trigger`).expect(202);
  const turn = await firstItem<{ id: string }>(() => stack.as('staff-li').get(`/self-supervision-turns?rotaId=${encodeURIComponent(rota)}`), 'the triggered turn');
  return { rota, turn: turn.id };
}

const staffDelete = (stack: Stack, path: string, as = 'staff-li') => request(stack.app).delete(path).set('Authorization', `Bearer ${demoToken(as)}`);

const newToken = async (stack: Stack, person: string): Promise<{ id: string; token: string }> =>
  (await stack.as(person).post('/me/tokens', { label: '矩阵测试' }).expect(201)).body;

async function tokens(stack: Stack): Promise<Pick<Fixtures, 'tokens' | 'revokedToken'>> {
  const made = await Promise.all(ALL_ROLES.map(async (role) => [role, (await newToken(stack, PEOPLE.own[role])).id] as const));
  const revoked = await newToken(stack, 'g5-member');
  await staffDelete(stack, `/me/tokens/${revoked.id}`, 'g5-member').expect(200);
  return { tokens: Object.fromEntries(made) as Record<Role, string>, revokedToken: revoked.token };
}

const MEASURE = {
  kind: 'reminder_talk',
  subject: { personId: 'gongluju-member1' },
  unitId: 'gongluju',
  heldOn: '2026-01-05',
  reason: '矩阵测试',
  source: { kind: 'routineSupervision' },
};

/** Every fixture, made through the API as people would, in parallel where they do not depend on each other. */
export async function makeFixtures(stack: Stack): Promise<Fixtures> {
  const started = await surpriseCheck(stack, 3_000);
  const [campaign, inspection, sealed, routine, audit, leaderTurn, personal, leadIds, inquiredLead, checked] = await Promise.all([
    launchedCampaign(stack),
    acceptedWithFinding(stack),
    surpriseCheck(stack, 3_600_000),
    routineRun(stack),
    stack
      .as('staff-li')
      .post('/targeted-audits', { template: 'finance', unitId: 'gongluju', focus: '公务接待、差旅费报销' })
      .expect(202)
      .then((res) => res.body.id as string),
    rotaTurn(stack, ['gongluju-leader']),
    tokens(stack),
    leads(stack),
    approvedLead(stack, 'talk_inquiry'),
    caseAndClearance(stack),
  ]);
  const measure = (await stack.as('staff-li').post('/measures', MEASURE).expect(201)).body.id as string;
  // a unit has one live rota: the first is deleted (its open turn stays) so the second can take its place
  await staffDelete(stack, `/self-supervision-rotas/${leaderTurn.rota}`).expect(200);
  const memberTurn = await rotaTurn(stack, ['gongluju-member1']);
  await eventually(async () => (await stack.db.surpriseCheck.findUniqueOrThrow({ where: { id: started } })).state === 'in_progress', { what: 'the surprise check started' });
  return {
    campaign,
    inspectionCampaign: inspection.campaignId,
    finding: inspection.findingId,
    check: { started, sealed },
    routineCycle: routine.cycle,
    routineRun: routine.run,
    audit,
    rota: memberTurn.rota,
    turns: { UNIT_LEADER: leaderTurn.turn, UNIT_MEMBER: memberTurn.turn },
    ...personal,
    measure,
    leads: leadIds,
    inquiredLead,
    ...checked,
  };
}

/** A call: the path with its parameters, and a body where the route reads one (valid, so a service's scope check is reached). */
export interface Call {
  path: string;
  body?: object | string;
  /** the body's Content-Type where it is not JSON (a file) */
  contentType?: string;
  /** the route reads the browser's session: the caller signs in and sends its cookie (and CSRF token) instead of a bearer token */
  by?: 'session';
}
type CallOf = (f: Fixtures, at: { role: Role; scope: CallScope }) => Call;

const e = encodeURIComponent;
const rect = (f: Fixtures, act: string, body: object): Call => ({ path: `/rectifications/${e(f.finding)}/${act}`, body });
const check = (f: Fixtures, scope: CallScope) => (scope === 'sealed' ? f.check.sealed : f.check.started);
const reason = { reason: '矩阵测试' };
/** The lead the role handles (a commission leader, or a role that handles none, tries the group member's). */
const leadOf = (f: Fixtures, role: Role) => f.leads[role as LeadHandlerRole] ?? f.leads.GROUP_MEMBER;

/** Keyed `METHOD /path` as the route table declares it. Launches send `{}`: their role is checked before the body, so a 400 is an authorized call. */
export const ROUTE_CALLS: Record<string, CallOf> = {
  'GET /health': () => ({ path: '/health' }),
  'GET /openapi.json': () => ({ path: '/openapi.json' }),
  'POST /session': () => ({ path: '/session', body: {} }),
  'GET /session': () => ({ path: '/session', by: 'session' }),
  'GET /session/methods': () => ({ path: '/session/methods' }),
  // OIDC is not configured on the matrix's stack: both answer 409 oidc-not-configured (test/e2e/oidc.test.ts signs in)
  'GET /session/oidc': () => ({ path: '/session/oidc' }),
  'GET /session/oidc/callback': () => ({ path: '/session/oidc/callback?code=matrix&state=matrix' }),
  'DELETE /session': () => ({ path: '/session', by: 'session' }),
  // a wrong current password: authorized, refused (422), nothing changed
  'POST /me/password': () => ({ path: '/me/password', body: { currentPassword: 'not-the-password', newPassword: 'Matrix-test-2026-long' } }),
  'GET /me/tokens': () => ({ path: '/me/tokens' }),
  'POST /me/tokens': () => ({ path: '/me/tokens', body: { label: '矩阵测试' } }),
  'DELETE /me/tokens/{id}': (f, { role }) => ({ path: `/me/tokens/${f.tokens[role]}` }),
  'GET /groups': () => ({ path: '/groups' }),
  // registry writes send `{}`: staff only, checked before the body, so a 400 is an authorized call that changes nothing
  'POST /groups': () => ({ path: '/groups', body: {} }),
  'PATCH /groups/{id}': () => ({ path: '/groups/g5', body: {} }),
  'GET /units': () => ({ path: '/units' }),
  'POST /units': () => ({ path: '/units', body: {} }),
  'GET /units/{id}': () => ({ path: '/units/gongluju' }),
  'PATCH /units/{id}': () => ({ path: '/units/gongluju', body: {} }),
  'GET /people': () => ({ path: '/people' }),
  'POST /people': () => ({ path: '/people', body: {} }),
  'GET /people/{id}': () => ({ path: '/people/gongluju-contact' }),
  'PATCH /people/{id}': () => ({ path: '/people/gongluju-contact', body: {} }),
  // staff only: a person whom no other call signs in as by password
  'POST /people/{id}/password-reset': () => ({ path: '/people/weijiju-member2/password-reset' }),
  'POST /people/{id}/postings': () => ({ path: '/people/gongluju-contact/postings', body: {} }),
  'POST /postings/{id}/end': () => ({ path: '/postings/no-such-posting/end', body: {} }),
  'GET /units/{id}/postings': () => ({ path: '/units/gongluju/postings' }),
  'GET /registry/import/template': () => ({ path: '/registry/import/template' }),
  // a dry run of a one-group .csv: authorized callers get its plan, nothing is written
  'POST /registry/import': () => ({ path: '/registry/import?mode=dry-run&kind=groups', body: '编号,名称\ng5,第五派驻组\n', contentType: 'text/csv' }),
  'GET /me/tasks': () => ({ path: '/me/tasks' }),
  'GET /me/watch': () => ({ path: '/me/watch' }),
  'POST /campaigns': () => ({ path: '/campaigns', body: {} }),
  'GET /campaigns': () => ({ path: '/campaigns' }),
  'GET /campaigns/{id}': (f) => ({ path: `/campaigns/${f.campaign}` }),
  'POST /campaigns/{id}/decision': (f) => ({ path: `/campaigns/${f.campaign}/decision`, body: { decision: 'approve' } }),
  'POST /campaigns/{id}/cancel': (f) => ({ path: `/campaigns/${f.campaign}/cancel`, body: reason }),
  'GET /inspections/{campaignId}/{unitId}': (f) => ({ path: `/inspections/${f.inspectionCampaign}/gongluju` }),
  'POST /inspections/{campaignId}/{unitId}/report': (f) => ({ path: `/inspections/${f.inspectionCampaign}/gongluju/report`, body: { content: '自查报告' } }),
  'POST /inspections/{campaignId}/{unitId}/review': (f) => ({ path: `/inspections/${f.inspectionCampaign}/gongluju/review`, body: { decision: 'accept' } }),
  'GET /rectifications': () => ({ path: '/rectifications' }),
  'GET /rectifications/{findingId}': (f) => ({ path: `/rectifications/${e(f.finding)}` }),
  'POST /rectifications/{findingId}/plan': (f) => rect(f, 'plan', { measures: '建立台账', owner: '办公室主任', deadline: { at: inDays(10) } }),
  'POST /rectifications/{findingId}/plan-review': (f) => rect(f, 'plan-review', { decision: 'approve' }),
  'POST /rectifications/{findingId}/progress': (f) => rect(f, 'progress', { content: '台账已建立', requestAcceptance: true }),
  'POST /rectifications/{findingId}/acceptance': (f) => rect(f, 'acceptance', { decision: 'accept' }),
  'POST /rectifications/{findingId}/extension': (f) => rect(f, 'extension', { reason: '需协调', deadline: { at: inDays(20) } }),
  'POST /rectifications/{findingId}/extension-decision': (f) => rect(f, 'extension-decision', { decision: 'grant' }),
  'POST /rectifications/{findingId}/revisit': (f) => rect(f, 'revisit', { decision: 'confirm' }),
  'POST /surprise-checks': () => ({ path: '/surprise-checks', body: {} }),
  'GET /surprise-checks': () => ({ path: '/surprise-checks' }),
  'GET /surprise-checks/{id}': (f, { scope }) => ({ path: `/surprise-checks/${check(f, scope)}` }),
  'GET /surprise-checks/{id}/sample-proof': (f, { scope }) => ({ path: `/surprise-checks/${check(f, scope)}/sample-proof` }),
  'POST /surprise-checks/{id}/results/{unitId}': (f, { scope }) => ({ path: `/surprise-checks/${check(f, scope)}/results/gongluju`, body: { result: 'not_found' } }),
  'POST /surprise-checks/{id}/cancel': (f, { scope }) => ({ path: `/surprise-checks/${check(f, scope)}/cancel`, body: reason }),
  'POST /routine-cycles': () => ({ path: '/routine-cycles', body: {} }),
  'GET /routine-cycles': () => ({ path: '/routine-cycles' }),
  'GET /routine-cycles/{id}': (f) => ({ path: `/routine-cycles/${f.routineCycle}` }),
  'GET /routine-cycles/{id}/runs': (f) => ({ path: `/routine-cycles/${f.routineCycle}/runs` }),
  'PATCH /routine-cycles/{id}': (f) => ({ path: `/routine-cycles/${f.routineCycle}`, body: { cadence: { kind: 'quarterly' } } }),
  'DELETE /routine-cycles/{id}': (f) => ({ path: `/routine-cycles/${f.routineCycle}` }),
  'POST /routine-cycles/{id}/pause': (f) => ({ path: `/routine-cycles/${f.routineCycle}/pause` }),
  'POST /routine-cycles/{id}/resume': (f) => ({ path: `/routine-cycles/${f.routineCycle}/resume` }),
  'POST /routine-cycles/{id}/trigger': (f) => ({ path: `/routine-cycles/${f.routineCycle}/trigger` }),
  'GET /routine-runs/{id}': (f) => ({ path: `/routine-runs/${e(f.routineRun)}` }),
  'POST /routine-runs/{id}/observations': (f) => ({ path: `/routine-runs/${e(f.routineRun)}/observations`, body: { item: 'major_decisions', observation: '抽查党组会议记录' } }),
  'POST /routine-runs/{id}/complete': (f) => ({ path: `/routine-runs/${e(f.routineRun)}/complete` }),
  'POST /targeted-audits': () => ({ path: '/targeted-audits', body: {} }),
  'GET /targeted-audits': () => ({ path: '/targeted-audits' }),
  'GET /targeted-audits/templates': () => ({ path: '/targeted-audits/templates' }),
  'GET /targeted-audits/{id}': (f) => ({ path: `/targeted-audits/${f.audit}` }),
  // each party files its own step: the unit its self-check, the group its spot check (not open yet: a 409 once authorized)
  'POST /targeted-audits/{id}/steps/{stepKey}/filing': (f, { role }) => ({ path: `/targeted-audits/${f.audit}/steps/${isUnitRole(role) ? 'self_check' : 'spot_check'}/filing`, body: { content: '材料' } }),
  'POST /targeted-audits/{id}/steps/{stepKey}/review': (f) => ({ path: `/targeted-audits/${f.audit}/steps/self_check/review`, body: { decision: 'accept' } }),
  'POST /targeted-audits/{id}/cancel': (f) => ({ path: `/targeted-audits/${f.audit}/cancel`, body: reason }),
  'POST /self-supervision-rotas': () => ({ path: '/self-supervision-rotas', body: {} }),
  'GET /self-supervision-rotas': () => ({ path: '/self-supervision-rotas' }),
  'GET /self-supervision-rotas/{id}': (f) => ({ path: `/self-supervision-rotas/${f.rota}` }),
  'POST /self-supervision-rotas/{id}/pause': (f) => ({ path: `/self-supervision-rotas/${f.rota}/pause` }),
  'POST /self-supervision-rotas/{id}/resume': (f) => ({ path: `/self-supervision-rotas/${f.rota}/resume` }),
  'DELETE /self-supervision-rotas/{id}': (f) => ({ path: `/self-supervision-rotas/${f.rota}` }),
  'POST /self-supervision-rotas/{id}/trigger': (f) => ({ path: `/self-supervision-rotas/${f.rota}/trigger` }),
  'GET /self-supervision-turns': () => ({ path: '/self-supervision-turns' }),
  'GET /self-supervision-turns/{turnId}': (f) => ({ path: `/self-supervision-turns/${e(f.turns.UNIT_LEADER)}` }),
  // the member on duty files: each unit role its own turn
  'POST /self-supervision-turns/{turnId}/record': (f, { role }) => ({ path: `/self-supervision-turns/${e(role === 'UNIT_MEMBER' ? f.turns.UNIT_MEMBER : f.turns.UNIT_LEADER)}/record`, body: { record: '检查记录' } }),
  'GET /units/{unitId}/overview': () => ({ path: '/units/gongluju/overview' }),
  'GET /overdue': () => ({ path: '/overdue' }),
  'GET /calendar/years': () => ({ path: '/calendar/years' }),
  'POST /calendar/years': () => ({ path: '/calendar/years', body: {} }),
  'GET /calendar/years/{year}': () => ({ path: '/calendar/years/2026' }),
  'POST /calendar/years/{year}/amendments': () => ({ path: '/calendar/years/2026/amendments', body: {} }),
  'GET /audit-log': () => ({ path: '/audit-log' }),
  // recording sends `{}`: its role is checked before the body, so a 400 is an authorized call that records nothing
  'POST /measures': () => ({ path: '/measures', body: {} }),
  'GET /measures': () => ({ path: '/measures' }),
  'GET /measures/{id}': (f) => ({ path: `/measures/${f.measure}` }),
  'GET /statistics': () => ({ path: '/statistics?from=2026-01-01&to=2026-12-31' }),
  'GET /statistics.xlsx': () => ({ path: '/statistics.xlsx?from=2026-01-01&to=2026-12-31' }),
  'GET /statistics/records': () => ({ path: '/statistics/records?figure=talks&from=2026-01-01&to=2026-12-31' }),
  'POST /leads': () => ({ path: '/leads', body: {} }),
  'GET /leads': () => ({ path: '/leads' }),
  'GET /leads/{id}': (f) => ({ path: `/leads/${f.leads.GROUP_MEMBER}` }),
  // each role reads the reporter of the lead it handles: for anyone but the handler and commission leaders it does not exist (test/e2e/leads.test.ts)
  'GET /leads/{id}/reporter': (f, { role }) => ({ path: `/leads/${leadOf(f, role)}/reporter` }),
  'POST /leads/{id}/acceptance': (f, { role }) => ({ path: `/leads/${leadOf(f, role)}/acceptance`, body: { decision: 'accept' } }),
  // a talk inquiry's steps: each role tries the one fixture; who may take a step the workflow decides (409), who may see it the service (404)
  'GET /talk-inquiries/{leadId}': (f) => ({ path: `/talk-inquiries/${f.inquiredLead}` }),
  'POST /talk-inquiries/{leadId}/form': (f) => ({ path: `/talk-inquiries/${f.inquiredLead}/form`, body: { form: 'talk', heldOn: '2026-01-05', heldById: 'g5-leader' } }),
  'POST /talk-inquiries/{leadId}/extension-request': (f) => ({ path: `/talk-inquiries/${f.inquiredLead}/extension-request`, body: { ...reason, dueOn: '2099-12-31' } }),
  'POST /talk-inquiries/{leadId}/extension-decision': (f) => ({ path: `/talk-inquiries/${f.inquiredLead}/extension-decision`, body: { decision: 'refuse', ...reason } }),
  'POST /talk-inquiries/{leadId}/reply': (f) => ({ path: `/talk-inquiries/${f.inquiredLead}/reply`, body: { receivedOn: '2026-01-05', summary: '矩阵测试' } }),
  'POST /talk-inquiries/{leadId}/evaluation': (f) => ({ path: `/talk-inquiries/${f.inquiredLead}/evaluation`, body: { verdict: 'to_preliminary_check', ...reason } }),
  'POST /talk-inquiries/{leadId}/evaluation-decision': (f) => ({ path: `/talk-inquiries/${f.inquiredLead}/evaluation-decision`, body: { decision: 'return', ...reason } }),
  // each role submits and concludes the check of the lead it handles; decisions return, so every later call is a step in order or a 409
  'GET /preliminary-checks/{leadId}': (f) => ({ path: `/preliminary-checks/${f.leads.GROUP_MEMBER}` }),
  'POST /preliminary-checks/{leadId}/scheme': (f, { role }) => ({ path: `/preliminary-checks/${leadOf(f, role)}/scheme`, body: { what: '核实内容', how: '核实方式', teamIds: ['g5-member', 'g5-leader'], teamLeaderId: 'g5-leader' } }),
  'POST /preliminary-checks/{leadId}/scheme-decision': (f) => ({ path: `/preliminary-checks/${f.leads.GROUP_MEMBER}/scheme-decision`, body: { decision: 'approve' } }),
  'POST /preliminary-checks/{leadId}/conclusion': (f, { role }) => ({ path: `/preliminary-checks/${leadOf(f, role)}/conclusion`, body: { outcome: 'case_filed', facts: '矩阵测试', proposal: '建议立案' } }),
  'POST /preliminary-checks/{leadId}/conclusion-decision': (f) => ({ path: `/preliminary-checks/${f.leads.GROUP_MEMBER}/conclusion-decision`, body: { decision: 'return', reason: '矩阵测试' } }),
  // a case's and a clearance's steps: each role tries the one fixture; who may take a step the workflow decides (409), who may see it the service (404)
  'POST /cases': () => ({ path: '/cases', body: {} }),
  'GET /cases': () => ({ path: '/cases' }),
  'GET /cases/{id}': (f) => ({ path: `/cases/${f.caseId}` }),
  'POST /cases/{id}/extension': (f) => ({ path: `/cases/${f.caseId}/extension`, body: reason }),
  'POST /cases/{id}/extension-decision': (f) => ({ path: `/cases/${f.caseId}/extension-decision`, body: { decision: 'refuse', reason: '矩阵测试' } }),
  'GET /cases/{id}/reviewer-candidates': (f) => ({ path: `/cases/${f.caseId}/reviewer-candidates` }),
  'POST /cases/{id}/hearing': (f) => ({ path: `/cases/${f.caseId}/hearing`, body: { reviewerId: 'staff-li' } }),
  'POST /cases/{id}/hearing-opinion': (f) => ({ path: `/cases/${f.caseId}/hearing-opinion`, body: { opinion: '矩阵测试' } }),
  'POST /cases/{id}/closing': (f) => ({ path: `/cases/${f.caseId}/closing`, body: { dispositions: [{ name: '某科长', kind: 'light_sanction' }] } }),
  'POST /clearances': () => ({ path: '/clearances', body: {} }),
  'GET /clearances': () => ({ path: '/clearances' }),
  'GET /clearances/{id}': (f) => ({ path: `/clearances/${f.clearanceId}` }),
  'POST /clearances/{id}/decision': (f) => ({ path: `/clearances/${f.clearanceId}/decision`, body: { decision: 'approve' } }),
  'POST /clearances/{id}/done': (f) => ({ path: `/clearances/${f.clearanceId}/done`, body: { doneOn: '2026-01-05', how: '矩阵测试' } }),
  'POST /clearances/{id}/reporter-correction': (f) => ({ path: `/clearances/${f.clearanceId}/reporter-correction`, body: { doneOn: '2026-01-05' } }),
  'POST /leads/{id}/reporter-notices': (f, { role }) => ({ path: `/leads/${leadOf(f, role)}/reporter-notices`, body: { kind: 'receipt', means: 'phone', toldAt: new Date(Date.now() - 60_000).toISOString() } }),
  // the disposal's steps on the role's lead in whatever state the other calls left it: the workflow's 409 is an authorized call
  'POST /leads/{id}/disposal-proposal': (f, { role }) => ({ path: `/leads/${leadOf(f, role)}/disposal-proposal`, body: { method: 'talk_inquiry', ...reason } }),
  'POST /leads/{id}/collective-review': (f, { role }) => ({
    path: `/leads/${leadOf(f, role)}/collective-review`,
    body: { heldOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), attendeeIds: ['deputy', 'staff-li'], opinion: '矩阵测试' },
  }),
  'GET /leads/{id}/review-candidates': (f) => ({ path: `/leads/${f.leads.GROUP_MEMBER}/review-candidates` }),
  'POST /leads/{id}/disposal-decision': (f, { role }) => ({ path: `/leads/${leadOf(f, role)}/disposal-decision`, body: { decision: 'send_back', ...reason } }),
};
