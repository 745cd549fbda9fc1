import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { hasRole, type Actor } from '../domain/roles';
import { emailerOf } from './emailer';
import type { LeadProcessInput } from './messages';
import { refuse } from './refuse';
import { searchKeys } from './searchAttributes';

/** One step of a lead's process as its projection records it. */
export interface LeadStepEvent {
  kind: string;
  actorId?: string;
  at: string;
  detail?: unknown;
}

/**
 * What every process of a lead (谈话函询, 初步核实) does alike: record each step through its projection
 * activity (a copy of the view, its version bumped, the state searchable), email by the lead's number
 * only, and refuse a step in the wrong state, by anyone but the handler, or a decision by anyone but a
 * commission leader (which one is checked by the API).
 */
export function leadStepsOf<S extends string, V extends { state: S; version: number }>(o: {
  input: LeadProcessInput;
  view: V;
  /** `the talk inquiry`: how refusals name the process */
  what: string;
  process: { kind: string; label: string; actPath: string };
  deadlineAt: () => string | undefined;
  project: (args: { view: V; event: LeadStepEvent }) => Promise<void>;
}) {
  const { input, view } = o;
  const now = () => new Date(Date.now()).toISOString();
  return {
    record: async (event: Omit<LeadStepEvent, 'at'>) => {
      view.version += 1;
      upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);
      // a copy: the activity's argument is serialised at the end of the activation, after later steps may move the view
      await o.project({ view: JSON.parse(JSON.stringify(view)) as V, event: { ...event, at: now() } });
    },
    emailer: emailerOf(() => ({
      workflowId: workflowInfo().workflowId,
      deadlineAt: o.deadlineAt(),
      // the number only: the summary and the persons concerned stay in the lead's page
      about: { title: input.number, topic: input.sourceLabel, unitId: input.unitId, groupId: input.groupId },
      process: o.process,
      handlerId: input.handlerId,
    })),
    expectState: (...states: S[]) => {
      if (!states.includes(view.state)) refuse('wrong-state', `${o.what} is ${view.state}, not ${states.join(' or ')}`);
    },
    expectHandler: (actor: Actor) => {
      if (actor.personId !== input.handlerId) refuse('not-lead-handler', 'only the handler (承办人) of this lead may do this');
    },
    expectCommissionLeader: (actor: Actor) => {
      if (!hasRole(actor, 'COMMISSION_LEADER')) refuse('not-commission-leader', 'only the commission leader (委领导) over the lead’s group may decide this');
    },
  };
}
