import { Prisma } from '@prisma/client';
import ExcelJS from 'exceljs';
import { COUNTING_UNITS, FORM_NUMBERS, MEASURE_KINDS, formShares, percentText, type FormNumber, type MeasureKind } from '../../domain/fourForms';
import { FIGURES, SECTIONS, SUPERVISION_PROCESSES, figureOf, type FigureSpec, type SupervisionProcess } from '../../domain/statistics';
import { seesEverything, type Actor } from '../../domain/roles';
import { sqlRows } from '../../prisma/client';
import { readableUnits, readableUnitsSql } from '../auth';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import { encodeCursor } from '../schemas/common';
import type { StatisticsFigure, StatisticsQuery, StatisticsRecordPage, StatisticsRecordsQuery, StatisticsReport } from '../schemas/statistics';

interface Period {
  from: string;
  to: string;
  groupId?: string;
  unitId?: string;
}

/** What bounds every figure's rows: the period as Shanghai days and as instants, the caller's units, the group or unit asked for. */
interface Bounds {
  from: string;
  to: string;
  /** 00:00 Shanghai of `from` */
  start: Date;
  /** 24:00 Shanghai of `to` */
  end: Date;
  /** overdue counts only deadlines already passed */
  now: Date;
  /** the condition on a row's unit and group columns */
  scope(unit: Prisma.Sql, group: Prisma.Sql): Prisma.Sql;
  /** nothing narrows: the commission over everything */
  whole: boolean;
}

interface Row {
  id: string;
  on: string;
  unitId: string | null;
  groupId: string | null;
  kind: string;
  title: string;
  /** what the figure counts once: the row (人次, 件) or the person (人) */
  key: string;
}

const col = (name: string) => Prisma.raw(name);
const onDay = (instant: Prisma.Sql) => Prisma.sql`to_char(${instant} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;
const inPeriod = (instant: Prisma.Sql, b: Bounds) => Prisma.sql`${instant} >= ${b.start} AND ${instant} < ${b.end}`;
const overdue = (deadline: Prisma.Sql, b: Bounds) => Prisma.sql`${deadline} >= ${b.start} AND ${deadline} < ${b.end < b.now ? b.end : b.now}`;

function measureRows(b: Bounds, condition: Prisma.Sql, countPersons: boolean): Prisma.Sql {
  return Prisma.sql`
    SELECT m.id, to_char(m."heldOn", 'YYYY-MM-DD') AS "on", m."unitId", m."groupId", m.kind, m."personName" AS title,
           ${countPersons ? col('m."personKey"') : col('m.id')} AS key
    FROM "Measure" m
    WHERE m."supersededById" IS NULL AND m."heldOn" BETWEEN ${b.from}::date AND ${b.to}::date AND ${condition}
      AND ${b.scope(col('m."unitId"'), col('m."groupId"'))}`;
}

/** Each supervision process: its table, the instant each event counts on, and its states. */
const PROCESS_SQL: Record<SupervisionProcess, (b: Bounds, event: 'opened' | 'closed' | 'overdue') => Prisma.Sql> = {
  campaign: (b, event) => {
    const when = { opened: inPeriod(col('c."createdAt"'), b), closed: Prisma.sql`c.state = 'completed' AND ${inPeriod(col('c."updatedAt"'), b)}`, overdue: Prisma.sql`c.state IN ('fanning_out', 'in_progress') AND ${overdue(col('c."deadlineAt"'), b)}` }[event];
    // a campaign is a group's or a unit's where one of its units is
    const scoped = b.whole
      ? Prisma.sql`TRUE`
      : Prisma.sql`EXISTS (SELECT 1 FROM "CampaignUnit" cu JOIN "Unit" u ON u.id = cu."unitId" WHERE cu."campaignId" = c.id AND ${b.scope(col('u.id'), col('u."groupId"'))})`;
    const at = { opened: col('c."createdAt"'), closed: col('c."updatedAt"'), overdue: col('c."deadlineAt"') }[event];
    return Prisma.sql`SELECT c.id, ${onDay(at)} AS "on", NULL AS "unitId", NULL AS "groupId", 'campaign' AS kind, c.title, c.id AS key FROM "Campaign" c WHERE ${when} AND ${scoped}`;
  },
  routineRun: (b, event) => {
    const when = { opened: inPeriod(col('r."createdAt"'), b), closed: Prisma.sql`r.state = 'completed' AND ${inPeriod(col('r."updatedAt"'), b)}`, overdue: Prisma.sql`r.state = 'open' AND ${overdue(col('r."deadlineAt"'), b)}` }[event];
    const at = { opened: col('r."createdAt"'), closed: col('r."updatedAt"'), overdue: col('r."deadlineAt"') }[event];
    return Prisma.sql`SELECT r.id, ${onDay(at)} AS "on", r."unitId", r."groupId", 'routineRun' AS kind, r.id AS title, r.id AS key FROM "RoutineRun" r
      WHERE ${when} AND ${b.scope(col('r."unitId"'), col('r."groupId"'))}`;
  },
  surpriseCheck: (b, event) => {
    // never a sealed check, nor one withdrawn while sealed: it counts from its start
    const when = {
      opened: Prisma.sql`s.state NOT IN ('sealed', 'withdrawn') AND ${inPeriod(col('s."startsAt"'), b)}`,
      closed: Prisma.sql`s.state = 'closed' AND ${inPeriod(col('s."updatedAt"'), b)}`,
      overdue: Prisma.sql`s.state = 'in_progress' AND ${overdue(col('s."deadlineAt"'), b)}`,
    }[event];
    const scoped = b.whole ? Prisma.sql`TRUE` : Prisma.sql`EXISTS (SELECT 1 FROM "SurpriseCheckTarget" t WHERE t."checkId" = s.id AND ${b.scope(col('t."unitId"'), col('t."groupId"'))})`;
    const at = { opened: col('s."startsAt"'), closed: col('s."updatedAt"'), overdue: col('s."deadlineAt"') }[event];
    return Prisma.sql`SELECT s.id, ${onDay(at)} AS "on", NULL AS "unitId", NULL AS "groupId", 'surpriseCheck' AS kind, s.title, s.id AS key FROM "SurpriseCheck" s WHERE ${when} AND ${scoped}`;
  },
  targetedAudit: (b, event) => {
    const when = { opened: inPeriod(col('a."createdAt"'), b), closed: Prisma.sql`a.state = 'completed' AND ${inPeriod(col('a."updatedAt"'), b)}`, overdue: Prisma.sql`a.state = 'in_progress' AND ${overdue(col('a."deadlineAt"'), b)}` }[event];
    const at = { opened: col('a."createdAt"'), closed: col('a."updatedAt"'), overdue: col('a."deadlineAt"') }[event];
    return Prisma.sql`SELECT a.id, ${onDay(at)} AS "on", a."unitId", a."groupId", 'targetedAudit' AS kind, a.title, a.id AS key FROM "TargetedAudit" a
      WHERE ${when} AND ${b.scope(col('a."unitId"'), col('a."groupId"'))}`;
  },
  rectification: (b, event) => {
    const when = {
      opened: inPeriod(col('x."createdAt"'), b),
      closed: Prisma.sql`x.state IN ('closed', 'revisited') AND ${inPeriod(col('x."closedAt"'), b)}`,
      overdue: Prisma.sql`x.state NOT IN ('closed', 'revisited') AND ${overdue(col('x."deadlineAt"'), b)}`,
    }[event];
    const at = { opened: col('x."createdAt"'), closed: col('x."closedAt"'), overdue: col('x."deadlineAt"') }[event];
    return Prisma.sql`SELECT x."findingId" AS id, ${onDay(at)} AS "on", x."unitId", x."groupId", 'rectification' AS kind, f.title, x.id AS key
      FROM "Rectification" x JOIN "Finding" f ON f.id = x."findingId" WHERE ${when} AND ${b.scope(col('x."unitId"'), col('x."groupId"'))}`;
  },
};

/** Leads received on the day of receipt, or disposed of on the day their latest disposal was approved. */
function leadRows(b: Bounds, basis: Extract<FigureSpec['basis'], { of: 'leads' }>): Prisma.Sql {
  const when =
    basis.event === 'received'
      ? Prisma.sql`${inPeriod(col('l."receivedAt"'), b)}${basis.sourceKind ? Prisma.sql` AND l."sourceKind" = ${basis.sourceKind}` : Prisma.empty}`
      : Prisma.sql`l."disposalApprovedAt" IS NOT NULL AND ${inPeriod(col('l."disposalApprovedAt"'), b)}${basis.method ? Prisma.sql` AND l."disposalMethod" = ${basis.method}` : Prisma.empty}`;
  const at = col(basis.event === 'received' ? 'l."receivedAt"' : 'l."disposalApprovedAt"');
  // the number names a lead: its summary and persons concerned stay behind its own page
  return Prisma.sql`SELECT l.id, ${onDay(at)} AS "on", l."unitId", l."groupId", 'lead' AS kind, l.number AS title, l.id AS key FROM "Lead" l
    WHERE ${when} AND ${b.scope(col('l."unitId"'), col('l."groupId"'))}`;
}

/** Cases filed (their 立案 date) or closed (结案) in the period; a 人 figure has a row per person concerned, keyed as a measure's person is. */
function caseRows(b: Bounds, event: 'filed' | 'closed', countPersons: boolean): Prisma.Sql {
  const when = event === 'filed' ? Prisma.sql`k."filedOn" BETWEEN ${b.from}::date AND ${b.to}::date` : Prisma.sql`k.state = 'closed' AND ${inPeriod(col('k."closedAt"'), b)}`;
  const on = event === 'filed' ? Prisma.sql`to_char(k."filedOn", 'YYYY-MM-DD')` : onDay(col('k."closedAt"'));
  const persons = countPersons ? Prisma.sql`CROSS JOIN LATERAL jsonb_array_elements(k."personsConcerned") p` : Prisma.empty;
  const key = countPersons ? Prisma.sql`COALESCE(p->>'personId', k."unitId" || '/' || (p->>'name'))` : col('k.id');
  return Prisma.sql`SELECT k.id, ${on} AS "on", k."unitId", k."groupId", 'case' AS kind, k.id AS title, ${key} AS key FROM "Case" k ${persons}
    WHERE ${when} AND ${b.scope(col('k."unitId"'), col('k."groupId"'))}`;
}

const kindsSql = (kinds: readonly MeasureKind[]) => Prisma.sql`m.kind IN (${Prisma.join(kinds)})`;

/** The rows behind a figure, one SELECT; its value is COUNT(DISTINCT key) of them, so the figure and its records agree by construction. */
function rowsOf(spec: FigureSpec, b: Bounds): Prisma.Sql {
  const { basis } = spec;
  switch (basis.of) {
    case 'measures':
      return measureRows(b, kindsSql(basis.kinds), spec.unit === 'persons');
    case 'form':
      return measureRows(b, basis.form === 'any' ? Prisma.sql`m.form IS NOT NULL` : Prisma.sql`m.form = ${basis.form}`, false);
    case 'process':
      return PROCESS_SQL[basis.process](b, basis.event);
    case 'leads':
      return leadRows(b, basis);
    case 'cases':
      return caseRows(b, basis.event, spec.unit === 'persons');
  }
}

/** The period and scope asked for, checked: a group or unit the caller does not reach does not exist for them (404). */
async function boundsOf(ctx: ApiContext, actor: Actor, q: Period): Promise<Bounds> {
  const narrowed = !seesEverything(actor);
  const [group, unit] = await Promise.all([
    q.groupId ? ctx.db.group.findFirst({ where: { id: q.groupId, ...(narrowed ? { units: { some: readableUnits(actor) } } : {}) }, select: { id: true } }) : true,
    q.unitId ? ctx.db.unit.findFirst({ where: { AND: [{ id: q.unitId }, readableUnits(actor)] }, select: { id: true } }) : true,
  ]);
  if (!group) throw notFound(`没有此派驻组 / no group ${q.groupId}`);
  if (!unit) throw notFound(`没有此单位 / no unit ${q.unitId}`);
  return {
    from: q.from,
    to: q.to,
    start: new Date(`${q.from}T00:00:00+08:00`),
    end: ctx.calendar.endOfDay(q.to),
    now: ctx.clock(),
    whole: !narrowed && !q.groupId && !q.unitId,
    scope: (unitCol, groupCol) =>
      Prisma.join(
        [
          readableUnitsSql(actor, { unitId: unitCol, groupId: groupCol }),
          q.groupId ? Prisma.sql`${groupCol} = ${q.groupId}` : Prisma.sql`TRUE`,
          q.unitId ? Prisma.sql`${unitCol} = ${q.unitId}` : Prisma.sql`TRUE`,
        ],
        ' AND ',
      ),
  };
}

const recordsLink = (code: string, q: Period) =>
  `/statistics/records?${new URLSearchParams({ figure: code, from: q.from, to: q.to, ...(q.groupId ? { groupId: q.groupId } : {}), ...(q.unitId ? { unitId: q.unitId } : {}) }).toString()}`;

/**
 * A figure's value over its rows: a 人 figure counts each person once; every other figure's key is its
 * row's own id, so counting rows is counting keys, without the sort a DISTINCT needs.
 */
const countSql = (spec: FigureSpec, b: Bounds) =>
  Prisma.sql`(SELECT ${spec.unit === 'persons' ? Prisma.sql`COUNT(DISTINCT key)` : Prisma.sql`COUNT(*)`}::int FROM (${rowsOf(spec, b)}) rows)`;

async function valueOf(ctx: ApiContext, spec: FigureSpec, b: Bounds): Promise<number> {
  const [{ n }] = await ctx.db.$queryRaw<{ n: number }[]>`SELECT ${countSql(spec, b)} AS n`;
  return n;
}

function figureView(spec: FigureSpec, value: number, q: Period): StatisticsFigure {
  return { code: spec.code, label: spec.label, unit: spec.unit, unitLabel: COUNTING_UNITS[spec.unit], value, records: recordsLink(spec.code, q) };
}

/** 统计: every figure for the period, the caller's units only, in sections in the order they are reported; each form with its share. */
export async function statistics(ctx: ApiContext, actor: Actor, q: StatisticsQuery): Promise<StatisticsReport> {
  const b = await boundsOf(ctx, actor, q);
  // one statement for every figure: one connection and one round trip, each figure counted on its own index
  const counted = await sqlRows<{ code: string; n: number }>(
    ctx.db,
    Prisma.join(
      FIGURES.map((f) => Prisma.sql`SELECT ${f.code}::text AS code, ${countSql(f, b)} AS n`),
      ' UNION ALL ',
    ),
  );
  const value = new Map(counted.map((c) => [c.code, c.n]));
  const figures = FIGURES.map((f) => figureView(f, value.get(f.code) ?? 0, q));
  const byCode = new Map(figures.map((f) => [f.code, f]));
  const shares = formShares(Object.fromEntries(FORM_NUMBERS.map((n) => [n, byCode.get(`form${n}`)!.value])) as Record<FormNumber, number>);
  for (const n of FORM_NUMBERS) Object.assign(byCode.get(`form${n}`)!, { share: shares[n], shareText: percentText(shares[n]) });
  return {
    period: { from: q.from, to: q.to },
    groupId: q.groupId ?? null,
    unitId: q.unitId ?? null,
    sections: (Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]).map((code) => ({
      code,
      label: SECTIONS[code],
      figures: figures.filter((f) => FIGURES.find((s) => s.code === f.code)!.section === code),
    })),
  };
}

const e = encodeURIComponent;
const HREF: Record<string, (id: string) => string> = {
  campaign: (id) => `/campaigns/${e(id)}`,
  routineRun: (id) => `/routine-runs/${e(id)}`,
  surpriseCheck: (id) => `/surprise-checks/${e(id)}`,
  targetedAudit: (id) => `/targeted-audits/${e(id)}`,
  rectification: (id) => `/rectifications/${e(id)}`,
  lead: (id) => `/leads/${e(id)}`,
  case: (id) => `/cases/${e(id)}`,
};
const OWN_LABELS: Record<string, string> = { lead: '问题线索', case: SECTIONS.cases };
const kindLabelOf = (kind: string) => (kind in MEASURE_KINDS ? MEASURE_KINDS[kind as MeasureKind].label : (OWN_LABELS[kind] ?? SUPERVISION_PROCESSES[kind as SupervisionProcess]));

/** 统计明细: the records one figure counts, newest first, a page at a time (a 人 figure lists every record of its persons). */
export async function statisticsRecords(ctx: ApiContext, actor: Actor, q: StatisticsRecordsQuery): Promise<StatisticsRecordPage> {
  const b = await boundsOf(ctx, actor, q);
  const spec = figureOf(q.figure);
  // the query's enum admits only the table's codes
  if (!spec) throw notFound(`没有此指标 / no figure ${q.figure}`);
  const offset = q.cursor?.offset ?? 0;
  const [rows, value] = await Promise.all([
    ctx.db.$queryRaw<Row[]>`SELECT * FROM (${rowsOf(spec, b)}) rows ORDER BY "on" DESC, id DESC LIMIT ${q.limit + 1} OFFSET ${offset}`,
    valueOf(ctx, spec, b),
  ]);
  const { records: _link, ...figure } = figureView(spec, value, q);
  const page = rows.slice(0, q.limit);
  return {
    figure,
    items: page.map((r) => ({
      kind: r.kind,
      kindLabel: kindLabelOf(r.kind),
      id: r.id,
      on: r.on,
      unitId: r.unitId,
      groupId: r.groupId,
      title: r.title,
      href: r.kind in MEASURE_KINDS ? `/measures/${e(r.id)}` : HREF[r.kind](r.id),
    })),
    nextCursor: rows.length > q.limit ? encodeCursor({ offset: offset + q.limit }) : null,
  };
}

export const statisticsFilename = (q: Period) => `监督执纪统计_${q.from}_${q.to}.xlsx`;

export const STATISTICS_SHEET = '统计报表';
export const STATISTICS_HEADERS = ['类别', '指标', '统计口径', '数值', '占比'] as const;

/** The same report as an .xlsx for the quarterly submission: one sheet, the period and scope above the figures, zh-CN headers. */
export async function statisticsWorkbook(ctx: ApiContext, actor: Actor, q: StatisticsQuery): Promise<Buffer> {
  const report = await statistics(ctx, actor, q);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'tantou';
  const sheet = workbook.addWorksheet(STATISTICS_SHEET);
  sheet.columns = [{ width: 26 }, { width: 30 }, { width: 10 }, { width: 10 }, { width: 10 }];
  sheet.addRow([`监督执纪统计（${q.from} 至 ${q.to}）`]).font = { bold: true, size: 14 };
  sheet.addRow([`范围：${q.unitId ? `单位 ${q.unitId}` : q.groupId ? `派驻组 ${q.groupId}` : '全部'}`]);
  sheet.addRow([]);
  sheet.addRow([...STATISTICS_HEADERS]).font = { bold: true };
  for (const section of report.sections) {
    for (const f of section.figures) sheet.addRow([section.label, f.label, f.unitLabel, f.value, f.shareText ?? '']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
