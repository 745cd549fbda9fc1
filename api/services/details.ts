import type { QueryDefinition } from '@temporalio/common';
import type { ApiContext } from '../context';
import { askWorkflow, type WorkflowAnswer } from './temporal';

/** A reminder or rung email of a process that went out: which outbox key, which rung, when. */
export interface RungFired {
  key: string;
  rung: number;
  kind: string;
  sentAt: string | null;
}

export interface DetailSources<V, R> {
  workflowId: string;
  /** the workflow's live answer; omitted when the reader may not have it */
  query?: QueryDefinition<V>;
  /** what the projection recorded of it (events, rounds, findings …) */
  records?: () => Promise<R>;
  /** the email kinds that are its deadline reminders and rungs */
  rungKinds?: string[];
}

export interface Detail<V, R> {
  records: R;
  rungsFired: RungFired[];
  /** undefined when no query was asked for */
  workflow: WorkflowAnswer<V> | undefined;
}

/**
 * The read every detail page makes once its row is found (and the reader's scope checked): the
 * recorded events, the rungs whose email went out, and the workflow's own answer (bounded; a closed or
 * unreachable workflow is reported as unavailable), all at once.
 */
export function readDetail<V, R = undefined>(ctx: ApiContext, src: DetailSources<V, R> & { query: QueryDefinition<V> }): Promise<Detail<V, R> & { workflow: WorkflowAnswer<V> }>;
export function readDetail<V, R = undefined>(ctx: ApiContext, src: DetailSources<V, R>): Promise<Detail<V, R>>;
export async function readDetail<V, R>(ctx: ApiContext, src: DetailSources<V, R>): Promise<Detail<V, R>> {
  const [records, rungs, workflow] = await Promise.all([
    src.records ? src.records() : (undefined as R),
    src.rungKinds?.length
      ? ctx.db.emailOutbox.findMany({
          where: { workflowId: src.workflowId, kind: { in: src.rungKinds }, status: 'sent' },
          orderBy: [{ sentAt: 'asc' }, { rung: 'asc' }],
          select: { key: true, rung: true, kind: true, sentAt: true },
        })
      : [],
    src.query ? askWorkflow(ctx, () => ctx.temporal.workflow.getHandle(src.workflowId).query(src.query!)) : undefined,
  ]);
  return { records, rungsFired: rungs.map((r) => ({ ...r, sentAt: r.sentAt?.toISOString() ?? null })), workflow };
}
