import { condition, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { CaseEventInput } from '../activities/cases';
import { CASE_DISPOSITION_KINDS } from '../domain/cases';
import type { Deadline } from '../domain/ladder';
import { hasRole, type Actor } from '../domain/roles';
import type { CaseState } from '../domain/states';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import { emailerOf } from './emailer';
import {
  caseStatusQuery,
  closeCaseUpdate,
  decideCaseExtensionUpdate,
  recordHearingOpinionUpdate,
  requestCaseExtensionUpdate,
  transferForHearingUpdate,
  type CaseInput,
  type CaseView,
} from './messages';
import { activities } from './proxies';
import { refuse } from './refuse';
import { searchKeys } from './searchAttributes';
import { updatesOf } from './updates';

/**
 * 立案审查: filed on the commission leader's approval (the API), the case is investigated (审查调查) by
 * the lead's handler within its time limit, watched up CASE_TIME_LIMIT_LADDER (the handler, the group
 * leader, the commission leader over the group), each rung once; the handler may ask once for an
 * extension, which the commission leader over the group grants (the limit moves, its rungs start again)
 * or refuses. The handler transfers it to 审理 (移送审理), the named reviewer records the opinion, and the
 * commission leader closes it (结案) with each person's disposition, written as measures. Its emails name
 * the case number only.
 *
 * The workflow type is `case`: a reserved word, so the function is exported under that name from
 * workflows/index.ts (`export { caseProcess as case }`), which the worker registers as is.
 */
export async function caseProcess(input: CaseInput): Promise<CaseView> {
  const { workflowId } = workflowInfo();
  const view: CaseView = {
    workflowId,
    caseId: input.caseId,
    leadId: input.leadId,
    unitId: input.unitId,
    groupId: input.groupId,
    handlerId: input.handlerId,
    state: 'under_investigation',
    version: 0,
    timeLimit: { deadlineAt: input.timeLimit.deadlineAt, remindAt: input.timeLimit.remindAt, rungsFired: [], extended: false, rule: input.timeLimit.rule ?? null },
    extension: null,
    hearing: null,
    closed: null,
  };
  const now = () => new Date(Date.now()).toISOString();
  let timeLimit: Deadline = input.timeLimit;

  const record = async (event: Omit<CaseEventInput, 'at'>) => {
    view.version += 1;
    upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);
    // a copy: the argument is serialised at the end of the activation, after later steps may move the view
    await activities.recordCase({ view: JSON.parse(JSON.stringify(view)) as CaseView, event: { ...event, at: now() } });
  };
  const emailer = emailerOf(() => ({
    workflowId,
    deadlineAt: view.timeLimit.deadlineAt,
    about: { title: input.caseId, topic: '立案审查', unitId: input.unitId, groupId: input.groupId },
    process: { kind: 'case', label: '案件', actPath: `/cases/${encodeURIComponent(input.caseId)}` },
    handlerId: input.handlerId,
  }));

  const expectState = (...states: CaseState[]) => {
    if (!states.includes(view.state)) refuse('wrong-state', `the case is ${view.state}, not ${states.join(' or ')}`);
  };
  const expectHandler = (actor: Actor) => {
    if (actor.personId !== input.handlerId) refuse('not-lead-handler', 'only the handler (承办人) of this case may do this');
  };
  const expectCommissionLeader = (actor: Actor) => {
    if (!hasRole(actor, 'COMMISSION_LEADER')) refuse('not-commission-leader', 'only the commission leader (委领导) over the case’s group may decide this');
  };
  const expectText = (text: string | undefined, what: string) => {
    if (!text?.trim()) refuse('text-missing', `${what} is empty`);
  };
  const onUpdate = updatesOf(() => view);
  setHandler(caseStatusQuery, () => view);

  onUpdate(
    requestCaseExtensionUpdate,
    ({ actor, reason }) => {
      expectState('under_investigation');
      expectHandler(actor);
      expectText(reason, 'the reason for the extension');
      if (view.extension) refuse('extension-used', 'the time limit may be extended once only (延长一次)');
    },
    async ({ actor, reason }) => {
      view.extension = { reason, askedById: actor.personId, askedAt: now(), decision: null, decidedById: null, decidedAt: null, decisionReason: null };
      await record({ kind: 'extension_requested', actorId: actor.personId, detail: { reason } });
      void emailer('extension', 0, { kind: 'case_extension_requested', notify: ['GROUP_LEADER_SUPERIOR'], reason });
    },
  );
  onUpdate(
    decideCaseExtensionUpdate,
    (d) => {
      if (view.extension?.decision !== null || view.state !== 'under_investigation') refuse('no-extension-pending', 'no extension request is pending');
      expectCommissionLeader(d.actor);
      if (d.decision === 'refuse') expectText(d.reason, 'the reason for refusing');
      if (d.decision === 'grant' && !(Date.parse(d.timeLimit?.deadlineAt ?? '') > Date.parse(view.timeLimit.deadlineAt))) refuse('deadline-not-later', 'the extended time limit must be later than the one running');
    },
    async (d) => {
      const decided = { decision: d.decision, decidedById: d.actor.personId, decidedAt: now(), decisionReason: d.decision === 'refuse' ? d.reason : (d.comment ?? null) };
      view.extension = { ...view.extension!, ...decided };
      if (d.decision === 'grant') {
        const from = view.timeLimit.deadlineAt;
        // a new limit: its reminder and rungs fire afresh, under their own outbox key
        timeLimit = d.timeLimit;
        view.timeLimit = { deadlineAt: d.timeLimit.deadlineAt, remindAt: d.timeLimit.remindAt, rungsFired: [], extended: true, rule: d.timeLimit.rule ?? null };
        await record({ kind: 'extension_granted', actorId: d.actor.personId, detail: { from, to: d.timeLimit.deadlineAt, ...(d.comment && { comment: d.comment }) } });
      } else {
        await record({ kind: 'extension_refused', actorId: d.actor.personId, detail: { reason: d.reason } });
      }
    },
  );
  onUpdate(
    transferForHearingUpdate,
    ({ actor, reviewerId }) => {
      expectState('under_investigation');
      expectHandler(actor);
      expectText(reviewerId, 'the 审理 reviewer (reviewerId)');
      if (view.extension && view.extension.decision === null) refuse('extension-pending', 'decide the pending extension first');
    },
    async ({ actor, reviewerId }) => {
      view.state = 'under_hearing';
      view.hearing = { reviewerId, transferredAt: now(), opinion: null, opinionAt: null };
      await record({ kind: 'transferred_for_hearing', actorId: actor.personId, detail: { reviewerId } });
    },
  );
  onUpdate(
    recordHearingOpinionUpdate,
    ({ actor, opinion }) => {
      expectState('under_hearing');
      if (actor.personId !== view.hearing?.reviewerId) refuse('not-hearing-reviewer', 'only the 审理 reviewer named at the transfer may record the opinion');
      expectText(opinion, 'the 审理 opinion');
    },
    async ({ actor, opinion }) => {
      view.state = 'awaiting_closing';
      view.hearing = { ...view.hearing!, opinion, opinionAt: now() };
      await record({ kind: 'hearing_opinion_recorded', actorId: actor.personId, detail: { opinion } });
    },
  );
  onUpdate(
    closeCaseUpdate,
    ({ actor, dispositions }) => {
      expectState('awaiting_closing');
      expectCommissionLeader(actor);
      const persons = (dispositions ?? []).map((d) => d.person);
      const each = persons.length === input.persons && new Set(persons).size === input.persons && persons.every((p) => Number.isInteger(p) && p >= 0 && p < input.persons);
      if (!each || !dispositions.every((d) => CASE_DISPOSITION_KINDS.includes(d.kind))) {
        refuse('dispositions-incomplete', `a case is closed with one disposition, a measure of the four forms, for each of its ${input.persons} persons concerned`);
      }
    },
    async ({ actor, dispositions, comment }) => {
      view.state = 'closed';
      view.closed = { byId: actor.personId, at: now(), dispositions };
      await record({ kind: 'closed', actorId: actor.personId, detail: { dispositions: dispositions.map((d) => ({ person: d.person, kind: d.kind })), ...(comment && { comment }) } });
      await activities.recordCaseMeasures({ caseId: input.caseId, workflowId, closedAt: view.closed.at, closedById: actor.personId, dispositions });
    },
  );

  await record({ kind: 'opened', detail: { timeLimitDueAt: view.timeLimit.deadlineAt } });
  // 审查调查's limit, until the case goes to 审理; an extension re-arms it from its new instants, even once every rung of the old one has fired
  for (;;) {
    const watched = timeLimit;
    await watchDeadline({
      deadline: () => timeLimit,
      done: () => view.state !== 'under_investigation',
      fired: () => view.timeLimit.rungsFired,
      fire: async (event: DeadlineEvent) => {
        view.timeLimit.rungsFired = [...view.timeLimit.rungsFired, event.rung];
        await emailer(view.timeLimit.extended ? 'time-limit-extended' : 'time-limit', event.rung, {
          kind: event.rung === 0 ? 'case_reminder' : 'case_overdue',
          notify: event.notify ?? ['HANDLER'],
          dueAt: event.at,
          deadlineAt: timeLimit.deadlineAt,
        });
      },
    });
    await condition(() => view.state !== 'under_investigation' || timeLimit !== watched);
    if (view.state !== 'under_investigation') break;
  }
  await condition(() => view.state === 'closed');
  await emailer.settled();
  return view;
}
