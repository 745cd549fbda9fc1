import { Prisma, type SurpriseCheck } from '@prisma/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { selectionOf, type Selection } from '../../activities/surpriseChecks';
import { newSurpriseCheckId, surpriseCheckWorkflowId, workflowUiUrl } from '../../domain/ids';
import { SURPRISE_CHECK_LADDER } from '../../domain/ladder';
import { ROLES, groupsOf, hasAnyRole, seesEverything, type Actor, type Role } from '../../domain/roles';
import { byId, drawSample, sameDraw } from '../../domain/sampling';
import { SURPRISE_CHECK_STATES, type SurpriseCheckState } from '../../domain/states';
import type { surpriseCheck } from '../../workflows/surpriseCheck';
import {
  SURPRISE_RESULTS,
  SURPRISE_SUBJECTS,
  cancelSurpriseCheckUpdate,
  recordResultUpdate,
  surpriseCheckStatusQuery,
  type SurpriseCheckInput,
  type SurpriseCheckView,
  type SurpriseResult,
  type SurpriseSubject,
} from '../../workflows/messages';
import { PROCESS_KINDS, searchKeys } from '../../workflows/searchAttributes';
import { requireGroupOf } from '../auth';
import type { ApiContext } from '../context';
import { conflict, forbidden, notFound, unprocessable } from '../errors';
import type { LaunchSurpriseCheckBody, LaunchSurpriseCheckResponse, SampleProof, SurpriseCheckDetail, SurpriseCheckSummary } from '../schemas/surpriseChecks';
import { deadlineFor, resolveDeadline } from './deadlines';
import { readDetail } from './details';
import { answered, launchOnce, type ClaimKey, type Launched } from './idempotency';
import { rectificationTerms } from './rectifications';
import { resolveScope } from './scope';
import { callTemporal } from './temporal';

/**
 * 突击抽查. Sealing is decided here, in one place (`visibleChecks`): until a check has started only
 * the commission (STAFF, COMMISSION_LEADER) sees it; afterwards the stationed groups of its targets
 * see it and their own units' part of it; unit roles never see any surprise check (the unit learns
 * of a finding through its rectification, not here). Everyone else gets 404, never 403, so a
 * sealed check's existence is not revealed.
 */

const checkLinks = (ctx: ApiContext, id: string) => ({
  self: `/surprise-checks/${encodeURIComponent(id)}`,
  workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, surpriseCheckWorkflowId(id)),
});

const hidden = (id: string) => notFound(`突击抽查不存在 / no surprise check ${id}`);

/** A cancellation while sealed ('withdrawn') leaves the check sealed for good. */
const UNSEALED_STATES: SurpriseCheckState[] = ['in_progress', 'closed', 'cancelled'];

/**
 * The same unsealing as SQL on a check aliased `check`, for the raw read paths (a group's to-do list):
 * opened by its workflow and past its start instant.
 */
export const unsealedSql = (check: Prisma.Sql, now: Date): Prisma.Sql =>
  Prisma.sql`${check}.state = ANY(${UNSEALED_STATES}) AND ${check}."startsAt" <= ${now}`;

/** The checks an actor may know of; null for unit roles, who may know of none. */
function visibleChecks(ctx: ApiContext, actor: Actor): Prisma.SurpriseCheckWhereInput | null {
  if (seesEverything(actor)) return {};
  const groupIds = groupsOf(actor);
  if (!groupIds.length) return null;
  // both: the workflow's state says it has opened, and its start instant has passed
  return { state: { in: UNSEALED_STATES }, startsAt: { lte: ctx.clock() }, targets: { some: { groupId: { in: groupIds } } } };
}

const isSealed = (ctx: ApiContext, row: SurpriseCheck) => !UNSEALED_STATES.includes(row.state as SurpriseCheckState) || row.startsAt > ctx.clock();

/**
 * Every read of a sealed check is audited (`surpriseCheck.read_sealed`, with what was read): only the
 * commission can make one, and who of it looked before the start is what an inquiry asks.
 */
export async function auditSealedReads(
  ctx: ApiContext,
  actor: Actor,
  sealed: Pick<SurpriseCheck, 'id' | 'workflowId'>[],
  read: 'list' | 'detail' | 'sampleProof' | 'unitOverview',
  requestId: string,
): Promise<void> {
  if (!sealed.length) return;
  await ctx.db.auditLog.createMany({
    data: sealed.map((row) => ({ actorId: actor.personId, action: 'surpriseCheck.read_sealed', targetKind: 'surpriseCheck', targetId: row.id, workflowId: row.workflowId, requestId, detail: { via: read } })),
  });
}

const auditIfSealed = (ctx: ApiContext, actor: Actor, rows: SurpriseCheck[], read: 'list' | 'detail' | 'sampleProof', requestId: string) =>
  auditSealedReads(ctx, actor, rows.filter((r) => isSealed(ctx, r)), read, requestId);

/** The check if the actor may know of it; 404 otherwise, exactly as for an id that does not exist. */
async function findVisible(ctx: ApiContext, actor: Actor, id: string): Promise<SurpriseCheck> {
  const where = visibleChecks(ctx, actor);
  const row = where && (await ctx.db.surpriseCheck.findFirst({ where: { AND: [{ id }, where] } }));
  if (!row) throw hidden(id);
  return row;
}

// ---- launch -------------------------------------------------------------------------------------

export interface LaunchSurpriseCommand {
  actor: Actor;
  body: LaunchSurpriseCheckBody;
  idempotencyKey?: string;
  requestId: string;
}

/**
 * 部署突击抽查: check the times and the targets, record the check (named targets at once; a sample is
 * drawn by the workflow's first activity) with its audit entry in one transaction, then start the
 * workflow. A repeated Idempotency-Key (the caller's own) with the same request answers with the check it made.
 */
export async function launchSurpriseCheck(ctx: ApiContext, cmd: LaunchSurpriseCommand): Promise<Launched<LaunchSurpriseCheckResponse>> {
  const { made, replayed } = await launchOnce(ctx, { ...cmd, kind: 'surpriseCheck' }, {
    create: async (claim) => {
      const times = planTimes(ctx, cmd.body);
      const { selection, named } = await chooseTargets(ctx, cmd.body.targets);
      return insertCheck(ctx, cmd, times, selection, named, claim);
    },
    load: ([id]) => ctx.db.surpriseCheck.findUniqueOrThrow({ where: { id } }),
    start: (row) => startWorkflow(ctx, row),
    undo: (row) => [
      ctx.db.auditLog.deleteMany({ where: { targetKind: 'surpriseCheck', targetId: row.id } }),
      ctx.db.surpriseCheck.delete({ where: { id: row.id } }),
    ],
  });
  return answered(launched(ctx, made), replayed);
}

const launched = (ctx: ApiContext, row: SurpriseCheck): LaunchSurpriseCheckResponse => ({
  id: row.id,
  workflowId: row.workflowId,
  state: row.state as SurpriseCheckState,
  links: checkLinks(ctx, row.id),
});

function planTimes(ctx: ApiContext, body: LaunchSurpriseCheckBody) {
  const now = ctx.clock();
  const startsAt = new Date(body.startsAt);
  if (startsAt <= now) {
    throw unprocessable('starts-in-past', '抽查开始时间必须晚于当前时间 / startsAt must be in the future', [
      { path: 'startsAt', message: `${startsAt.toISOString()} is not after ${now.toISOString()}` },
    ]);
  }
  if (typeof body.deadline === 'string' && new Date(body.deadline) <= startsAt) {
    throw unprocessable('deadline-before-start', '结果截止时间必须晚于抽查开始时间 / the deadline must be after startsAt', [
      { path: 'deadline', message: `${new Date(body.deadline).toISOString()} is not after ${startsAt.toISOString()}` },
    ]);
  }
  const spec = typeof body.deadline === 'string' ? { at: body.deadline } : body.deadline;
  // working days count from the start, which resolveDeadline treats as its "now"
  const due = deadlineFor(resolveDeadline(spec, startsAt, ctx.calendar, 'deadline'), SURPRISE_CHECK_LADDER, ctx.calendar);
  return { startsAt, due };
}

/** Named units are checked to exist; a sample's scope is resolved now, its candidates fixed for the draw. */
async function chooseTargets(ctx: ApiContext, targets: LaunchSurpriseCheckBody['targets']) {
  if ('unitIds' in targets) {
    const named = await resolveScope(ctx.db, { unitIds: targets.unitIds }, 'targets');
    return { selection: { kind: 'named', unitIds: byId(named.map((u) => u.id)) } satisfies Selection, named };
  }
  const { size, scope } = targets.sample;
  const units = await resolveScope(ctx.db, scope, 'targets.sample.scope');
  if (size > units.length) {
    throw unprocessable('sample-too-large', `抽取数量超过范围内的单位数（${units.length}） / the sample is larger than its scope`, [
      { path: 'targets.sample.size', message: `${size} > ${units.length} units in scope` },
    ]);
  }
  const selection: Selection = {
    kind: 'sample',
    size,
    scope: { groupIds: scope.groupIds ?? [], unitIds: scope.unitIds ?? [] },
    candidates: byId(units.map((u) => u.id)),
  };
  return { selection, named: [] };
}

function insertCheck(
  ctx: ApiContext,
  cmd: LaunchSurpriseCommand,
  times: ReturnType<typeof planTimes>,
  selection: Selection,
  named: { id: string; groupId: string }[],
  claim: ClaimKey,
) {
  const id = newSurpriseCheckId(ctx.calendar.shanghaiDate(ctx.clock()));
  const { body } = cmd;
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.surpriseCheck.create({
      data: {
        id,
        workflowId: surpriseCheckWorkflowId(id),
        title: body.title,
        subject: body.subject,
        subjectText: body.subjectText,
        state: 'sealed',
        version: 0,
        startsAt: times.startsAt,
        deadlineAt: new Date(times.due.deadlineAt),
        selection: { ...selection, due: times.due } as unknown as Prisma.InputJsonObject,
        createdById: cmd.actor.personId,
        targets: { create: named.map((u) => ({ unitId: u.id, groupId: u.groupId })) },
      },
    });
    await claim(tx, [id]);
    await tx.auditLog.create({
      data: {
        actorId: cmd.actor.personId,
        action: 'surpriseCheck.launched',
        targetKind: 'surpriseCheck',
        targetId: id,
        workflowId: row.workflowId,
        requestId: cmd.requestId,
        detail: { selection: selection.kind, idempotencyKey: cmd.idempotencyKey ?? null },
      },
    });
    return row;
  });
}

/** The workflow input, from the row: the due plan is kept in `selection.due` (the table has no column for it). */
function inputOf(row: SurpriseCheck): SurpriseCheckInput {
  const { due } = row.selection as unknown as { due: SurpriseCheckInput['due'] };
  return { checkId: row.id, title: row.title, what: whatOf(row), startsAt: row.startsAt.toISOString(), due };
}

const whatOf = (row: Pick<SurpriseCheck, 'subject' | 'subjectText'>) =>
  row.subjectText ?? SURPRISE_SUBJECTS[row.subject as SurpriseSubject];

async function startWorkflow(ctx: ApiContext, row: SurpriseCheck): Promise<void> {
  try {
    await callTemporal(ctx, 'workflow start', () => ctx.temporal.workflow.start<typeof surpriseCheck>('surpriseCheck', {
      taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
      workflowId: row.workflowId,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [inputOf(row)],
      // no groups yet: a sample is drawn by the workflow, which then sets TantouGroups itself
      typedSearchAttributes: [
        { key: searchKeys.kind, value: PROCESS_KINDS.surpriseCheck },
        { key: searchKeys.state, value: 'sealed' },
      ],
    }));
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}

// ---- steps on a running check -------------------------------------------------------------------

/**
 * Who may act on a check they may see; asked only after `findVisible`, so a role that may not see the
 * check gets its 404 and never learns, from a 403, that there is something it may not do.
 */
function requireActing(actor: Actor, roles: Role[], what: string): void {
  if (!hasAnyRole(actor, roles)) throw forbidden(`仅限${roles.map((r) => ROLES[r]).join('、')}${what.split(' / ')[0]} / only ${roles.join(', ')} may ${what.split(' / ')[1]}`);
}

/** 录入结果: a member of a target's stationed group; the workflow re-checks the group. */
export async function recordResult(ctx: ApiContext, actor: Actor, id: string, unitId: string, body: { result: SurpriseResult; notes: string }) {
  const row = await findVisible(ctx, actor, id);
  requireActing(actor, ['GROUP_LEADER', 'GROUP_MEMBER'], '录入结果 / record a result');
  // a unit of another group is not visible to this group: the same 404 as an unknown unit
  const target = await ctx.db.surpriseCheckTarget.findFirst({ where: { checkId: id, unitId, groupId: { in: groupsOf(actor) } } });
  if (!target) throw notFound(`该抽查没有这个单位 / ${unitId} is not a target of ${id} visible to you`);
  // a finding starts its rectification (整改) at once: the unit learns of it then, after the check has started
  const rectification = body.result === 'found' ? await rectificationTerms(ctx, target.groupId, 'result') : undefined;
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(recordResultUpdate, { args: [{ actor: requireGroupOf(actor, target.groupId), unitId, ...body, rectification }] }));
}

export async function cancelSurpriseCheck(ctx: ApiContext, actor: Actor, id: string, reason: string): Promise<SurpriseCheckView> {
  const row = await findVisible(ctx, actor, id);
  requireActing(actor, ['STAFF'], '撤销抽查 / cancel a check');
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(cancelSurpriseCheckUpdate, { args: [{ actor, reason }] }));
}

// ---- reading ------------------------------------------------------------------------------------

const summaryOf = (ctx: ApiContext, row: SurpriseCheck): SurpriseCheckSummary => ({
  id: row.id,
  title: row.title,
  subject: row.subject as SurpriseSubject,
  subjectLabel: SURPRISE_SUBJECTS[row.subject as SurpriseSubject],
  subjectText: row.subjectText,
  state: row.state as SurpriseCheckState,
  stateLabel: SURPRISE_CHECK_STATES[row.state as SurpriseCheckState],
  startsAt: row.startsAt.toISOString(),
  deadlineAt: row.deadlineAt.toISOString(),
  selection: selectionOf(row).kind,
  createdById: row.createdById,
  createdAt: row.createdAt.toISOString(),
  links: checkLinks(ctx, row.id),
});

/** Newest first; a sealed check is absent for everyone outside the commission; unit roles: 404. */
export async function listSurpriseChecks(ctx: ApiContext, actor: Actor, filter: { state?: SurpriseCheckState; limit: number }, requestId: string) {
  const where = visibleChecks(ctx, actor);
  if (!where) throw notFound('没有这个接口 / no route GET /surprise-checks');
  const rows = await ctx.db.surpriseCheck.findMany({
    where: { AND: [where, filter.state ? { state: filter.state } : {}] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit,
  });
  await auditIfSealed(ctx, actor, rows, 'list', requestId);
  return { items: rows.map((r) => summaryOf(ctx, r)) };
}

export async function surpriseCheckDetail(ctx: ApiContext, actor: Actor, id: string, requestId: string): Promise<SurpriseCheckDetail> {
  const row = await findVisible(ctx, actor, id);
  await auditIfSealed(ctx, actor, [row], 'detail', requestId);
  const everything = seesEverything(actor);
  // the workflow's answer covers every target: only for the commission
  const { records: targets, workflow } = await readDetail(ctx, {
    workflowId: row.workflowId,
    query: everything ? surpriseCheckStatusQuery : undefined,
    records: () =>
      ctx.db.surpriseCheckTarget.findMany({
        where: { checkId: id, ...(everything ? {} : { groupId: { in: groupsOf(actor) } }) },
        orderBy: { unitId: 'asc' },
      }),
  });
  const units = new Map((await ctx.db.unit.findMany({ where: { id: { in: targets.map((t) => t.unitId) } } })).map((u) => [u.id, u.name]));
  return {
    ...summaryOf(ctx, row),
    workflowId: row.workflowId,
    version: row.version,
    targets: targets.map((t) => ({
      unitId: t.unitId,
      unitName: units.get(t.unitId) ?? t.unitId,
      groupId: t.groupId,
      result: t.result as SurpriseResult | null,
      resultLabel: t.result ? SURPRISE_RESULTS[t.result as SurpriseResult] : null,
      notes: t.notes,
      findingId: t.findingId,
      recordedAt: t.recordedAt?.toISOString() ?? null,
    })),
    ...(workflow ? { workflow } : {}),
  };
}

/** 抽样复核: draw again from the recorded seed and candidates, and say whether the recorded targets are that draw. */
export async function sampleProof(ctx: ApiContext, actor: Actor, id: string, requestId: string): Promise<SampleProof> {
  const row = await findVisible(ctx, actor, id);
  requireActing(actor, ['STAFF', 'COMMISSION_LEADER'], '复核抽样 / ask for the sample proof');
  const selection = selectionOf(row);
  if (selection.kind !== 'sample') throw conflict('not-sampled', `该抽查指定了单位，没有抽样 / ${id} names its units; nothing was drawn`);
  if (!selection.seed || !selection.algorithm) throw conflict('sample-not-drawn', `样本尚未抽取 / the sample of ${id} is not drawn yet`);
  const recorded = (await ctx.db.surpriseCheckTarget.findMany({ where: { checkId: id }, orderBy: { unitId: 'asc' }, select: { unitId: true } })).map((t) => t.unitId);
  const redrawn = drawSample(selection.candidates, selection.size, selection.seed);
  await auditIfSealed(ctx, actor, [row], 'sampleProof', requestId);
  return {
    checkId: id,
    algorithm: selection.algorithm,
    seed: selection.seed,
    size: selection.size,
    candidates: selection.candidates,
    recorded,
    redrawn,
    matches: sameDraw(recorded, redrawn),
  };
}
