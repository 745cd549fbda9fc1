import type { Measure, Prisma } from '@prisma/client';
import { FOUR_FORMS, MEASURE_KINDS, MEASURE_SOURCES, type FormNumber } from '../../domain/fourForms';
import { newCampaignId } from '../../domain/ids';
import { groupsOf, seesEverything, unitsOf, type Actor } from '../../domain/roles';
import { isUniqueViolation } from '../../activities/auditLog';
import { asDateColumn, insertMeasure, type MeasureRecord } from '../../activities/measures';
import type { ApiContext } from '../context';
import { conflict, forbidden, notFound, unprocessable } from '../errors';
import { encodeCursor } from '../schemas/common';
import type { ListMeasuresQuery, MeasureCursor, MeasurePage, MeasureView, RecordMeasureBody } from '../schemas/measures';

export interface Who {
  actor: Actor;
  requestId: string;
}

/** 措施's id: `CS-<Shanghai date>-<hex>`, as the other records' ids are made. */
const newMeasureId = (shanghaiDate: string) => newCampaignId(shanghaiDate).replace(/^ZX-/, 'CS-');

/**
 * The units whose measures `actor` reads: the commission every unit, a stationed group its units, and
 * a unit's 一把手 their own unit's (主体责任: the party-group secretary answers for the unit's cadres).
 * A unit's contact and other leadership members read none: a measure is about one person, not a
 * unit's business to pass round. 'all' for the commission.
 */
export async function measureReadableUnits(ctx: ApiContext, actor: Actor): Promise<string[] | 'all'> {
  if (seesEverything(actor)) return 'all';
  const groups = groupsOf(actor);
  const units = await ctx.db.unit.findMany({ where: { OR: [{ groupId: { in: groups } }, { id: { in: unitsOf(actor, 'UNIT_LEADER') } }] }, select: { id: true } });
  return units.map((u) => u.id);
}

const dateOf = (d: Date) => d.toISOString().slice(0, 10);

export function measureView(m: Measure): MeasureView {
  const kind = m.kind as keyof typeof MEASURE_KINDS;
  const sourceKind = m.sourceKind as keyof typeof MEASURE_SOURCES;
  return {
    id: m.id,
    kind,
    kindLabel: MEASURE_KINDS[kind].label,
    form: m.form,
    formLabel: m.form ? FOUR_FORMS[m.form as FormNumber].label : null,
    subject: { personId: m.personId, name: m.personName, title: m.personTitle },
    unitId: m.unitId,
    groupId: m.groupId,
    heldOn: dateOf(m.heldOn),
    heldById: m.heldById,
    reason: m.reason,
    source: { kind: sourceKind, label: MEASURE_SOURCES[sourceKind].label, id: m.sourceId },
    supersedes: m.supersedesId,
    supersededBy: m.supersededById,
    recordedById: m.recordedById,
    recordedAt: m.createdAt.toISOString(),
  };
}

/** A source is checked against its own table and the measure's unit; a sealed surprise check is as unknown as a missing one. */
async function sourceExists(ctx: ApiContext, { kind, id }: RecordMeasureBody['source'], unitId: string): Promise<boolean> {
  if (!id) return true;
  switch (kind) {
    case 'routineRun':
      return (await ctx.db.routineRun.count({ where: { id, unitId } })) > 0;
    case 'targetedAudit':
      return (await ctx.db.targetedAudit.count({ where: { id, unitId } })) > 0;
    case 'surpriseCheck':
      return (await ctx.db.surpriseCheckTarget.count({ where: { checkId: id, unitId, check: { state: { notIn: ['sealed', 'withdrawn'] } } } })) > 0;
    case 'lead':
      return (await ctx.db.lead.count({ where: { id, unitId } })) > 0;
    case 'case':
      return (await ctx.db.case.count({ where: { id, unitId } })) > 0;
    case 'holidayReminder':
      return /^\d{4}-\d{2}-\d{2}$/.test(id);
    default:
      return true;
  }
}

/**
 * 记录措施: one measure given to one person. Staff and commission leaders record for any unit, a
 * stationed group for the units it supervises now (403 for another's). A correction names the record
 * it supersedes: in one transaction the new row is written and the old one marked, each with its
 * audit entry; a record already superseded is refused (409), so two corrections cannot both win.
 */
export async function recordMeasure(ctx: ApiContext, body: RecordMeasureBody, { actor, requestId }: Who): Promise<MeasureView> {
  const unit = await ctx.db.unit.findUnique({ where: { id: body.unitId }, select: { id: true, groupId: true } });
  if (!unit) throw unprocessable('unknown-unit', '没有此单位 / no such unit', [{ path: 'unitId', message: `no unit ${body.unitId}` }]);
  if (!seesEverything(actor) && !groupsOf(actor).includes(unit.groupId)) {
    throw forbidden('只有委机关、委领导和该单位的派驻组可以记录措施 / only the commission and the unit’s stationed group may record its measures');
  }
  const today = ctx.calendar.shanghaiDate(ctx.clock());
  if (body.heldOn > today) throw unprocessable('held-in-future', '实施日期不能晚于今天 / a measure is recorded once held', [{ path: 'heldOn', message: `after today (${today})` }]);

  const heldById = body.heldById ?? actor.personId;
  const [person, holder, sourceFound] = await Promise.all([
    body.subject.personId ? ctx.db.person.findUnique({ where: { id: body.subject.personId }, select: { name: true, title: true } }) : null,
    ctx.db.person.count({ where: { id: heldById } }),
    sourceExists(ctx, body.source, unit.id),
  ]);
  const errors = [
    ...(body.subject.personId && !person ? [{ path: 'subject.personId', message: `no person ${body.subject.personId}` }] : []),
    ...(!holder ? [{ path: 'heldById', message: `no person ${heldById}` }] : []),
    ...(!sourceFound ? [{ path: 'source.id', message: `no ${body.source.kind} ${body.source.id} of unit ${unit.id}` }] : []),
  ];
  if (errors.length) throw unprocessable('unknown-reference', '措施所指的人员或来源不存在 / the measure names a person or source that does not exist', errors);

  const name = body.subject.name ?? (person as { name: string }).name;
  const id = newMeasureId(today);
  const record: MeasureRecord = {
    id,
    kind: body.kind,
    subject: { personId: body.subject.personId ?? null, name, title: body.subject.title ?? person?.title ?? null },
    unitId: unit.id,
    groupId: unit.groupId,
    heldOn: body.heldOn,
    heldById,
    reason: body.reason,
    source: { kind: body.source.kind, id: body.source.id ?? null },
    supersedes: body.supersedes ?? null,
    recordedById: actor.personId,
  };
  try {
    const made = await ctx.db.$transaction(async (tx) => {
      if (body.supersedes) await supersede(ctx, tx, body.supersedes, id, { actor, requestId });
      return insertMeasure(tx, record, { requestId });
    });
    return measureView(made);
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadySuperseded();
    throw e;
  }
}

const alreadySuperseded = () => conflict('measure-superseded', '该措施记录已被更正，请更正最新的记录 / this record was already corrected: correct the newest one');

async function supersede(ctx: ApiContext, tx: Prisma.TransactionClient, oldId: string, newId: string, { actor, requestId }: Who) {
  const readable = await measureReadableUnits(ctx, actor);
  const old = await tx.measure.findUnique({ where: { id: oldId }, select: { unitId: true } });
  if (!old || (readable !== 'all' && !readable.includes(old.unitId))) {
    throw unprocessable('unknown-measure', '要更正的措施记录不存在 / no such measure to correct', [{ path: 'supersedes', message: `no measure ${oldId}` }]);
  }
  const { count } = await tx.measure.updateMany({ where: { id: oldId, supersededById: null }, data: { supersededById: newId } });
  if (!count) throw alreadySuperseded();
  await tx.auditLog.create({ data: { actorId: actor.personId, action: 'measure.superseded', targetKind: 'measure', targetId: oldId, requestId, detail: { supersededBy: newId } } });
}

/** Older than where the previous page ended, on (heldOn, id). */
const before = ({ heldOn, id }: MeasureCursor): Prisma.MeasureWhereInput => ({
  OR: [{ heldOn: { lt: asDateColumn(heldOn) } }, { heldOn: asDateColumn(heldOn), id: { lt: id } }],
});

/** 措施台账: newest first, the caller's units only, the filters ANDed. */
export async function listMeasures(ctx: ApiContext, actor: Actor, q: ListMeasuresQuery): Promise<MeasurePage> {
  const readable = await measureReadableUnits(ctx, actor);
  const rows = await ctx.db.measure.findMany({
    where: {
      AND: [
        readable === 'all' ? {} : { unitId: { in: readable } },
        q.includeSuperseded ? {} : { supersededById: null },
        q.kind ? { kind: q.kind } : {},
        q.form ? { form: q.form } : {},
        q.unitId ? { unitId: q.unitId } : {},
        q.groupId ? { groupId: q.groupId } : {},
        q.sourceKind ? { sourceKind: q.sourceKind } : {},
        q.sourceId ? { sourceId: q.sourceId } : {},
        q.from || q.to ? { heldOn: { ...(q.from ? { gte: asDateColumn(q.from) } : {}), ...(q.to ? { lte: asDateColumn(q.to) } : {}) } } : {},
        q.cursor ? before(q.cursor) : {},
      ],
    },
    orderBy: [{ heldOn: 'desc' }, { id: 'desc' }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(measureView),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ heldOn: dateOf(last.heldOn), id: last.id } satisfies MeasureCursor) : null,
  };
}

/** One measure; outside the caller's units it does not exist for them (404). */
export async function getMeasure(ctx: ApiContext, actor: Actor, id: string): Promise<MeasureView> {
  const [row, readable] = await Promise.all([ctx.db.measure.findUnique({ where: { id } }), measureReadableUnits(ctx, actor)]);
  if (!row || (readable !== 'all' && !readable.includes(row.unitId))) throw notFound(`没有此措施记录 / no measure ${id}`);
  return measureView(row);
}
