// 批量导入: the registry read from the spreadsheets offices keep (.xlsx, or one .csv per kind), planned
// against the registry as it is (domain/registryImport.ts), and applied in one transaction, audited.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { isUniqueViolation } from '../../activities/auditLog';
import { postingDay } from '../../activities/postings';
import { SHEETS, columnsOf, parentsFirst, planImport, type Change, type ImportKind, type ImportPlan, type PersonState, type Registry, type Tables } from '../../domain/registryImport';
import type { UnitKind } from '../../domain/units';
import type { ApiContext } from '../context';
import { ApiError, conflict, unprocessable } from '../errors';
import { addPosting, endEverything } from './people';
import { audit, changed, type Tx, type Who } from './registry';

/** More rows than any district keeps: a bigger sheet is refused before it is planned. */
const MAX_ROWS = 20_000;
// an .xlsx is a zip; anything else is read as CSV (UTF-8, a byte-order mark allowed)
const isZip = (file: Buffer) => file.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));

const unreadable = (why: string) => unprocessable('unreadable-file', `无法读取文件，请上传 .xlsx 或 UTF-8 编码的 .csv / the file cannot be read: ${why}`, [{ path: 'body', message: why }]);

/** Every sheet of the workbook as text (each cell as Excel shows it), rows numbered as Excel numbers them. */
function tablesOf(workbook: ExcelJS.Workbook): Tables {
  const tables: Tables = {};
  for (const sheet of workbook.worksheets) {
    if (sheet.rowCount > MAX_ROWS) throw unreadable(`${sheet.name} has ${sheet.rowCount} rows, more than ${MAX_ROWS}`);
    const width = sheet.columnCount;
    const texts = (row: ExcelJS.Row) => Array.from({ length: width }, (_, i) => row.getCell(i + 1).text ?? '');
    const rows: Tables[string]['rows'] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push({ row: n, values: texts(row) });
    });
    tables[sheet.name.trim()] = { headers: texts(sheet.getRow(1)), rows };
  }
  return tables;
}

/** The file's sheets: an .xlsx's by their names, a .csv's one sheet as the `kind` it was sent for. */
async function readSpreadsheet(file: Buffer, kind: ImportKind | undefined): Promise<Tables> {
  const workbook = new ExcelJS.Workbook();
  try {
    if (isZip(file)) {
      // exceljs types its Buffer as an ArrayBuffer; it reads node's Buffer (JSZip underneath)
      await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    } else {
      if (!kind) throw unprocessable('csv-kind-required', `.csv 文件须用 kind 参数说明导入哪一类：${Object.entries(SHEETS).map(([k, v]) => `${k}（${v}）`).join('、')} / name the kind of a .csv with ?kind=`, [{ path: 'kind', message: 'required for a .csv' }]);
      const text = file.toString('utf8').replace(/^\uFEFF/, '');
      // every cell kept as its text: the plan reads ids, not numbers or dates guessed from them
      await workbook.csv.read(Readable.from(text), { sheetName: SHEETS[kind], map: (v: string) => v, parserOptions: { ignoreEmpty: true } });
    }
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw unreadable(e instanceof Error ? e.message : String(e));
  }
  return tablesOf(workbook);
}

// ---- people: a row is the person and the one post (任职) they hold now

/** Each person with their post: the latest posting held (or, for one who holds none now, their last). */
async function loadPeople(ctx: ApiContext, tx: Tx): Promise<PersonState[]> {
  const today = postingDay(ctx.clock());
  const rows = await tx.person.findMany({
    select: { id: true, name: true, title: true, email: true, superiorId: true, deactivatedAt: true, postings: { orderBy: [{ validFrom: 'desc' }, { createdAt: 'desc' }] } },
  });
  return rows.flatMap(({ postings, deactivatedAt, ...p }) => {
    const post = postings.find((q) => q.validFrom <= today && (!q.validTo || q.validTo >= today)) ?? postings[0];
    return post ? [{ ...p, role: post.role, groupId: post.groupId, unitId: post.unitId, active: !deactivatedAt }] : [];
  });
}

const postOf = (p: PersonState) => ({ role: p.role, groupId: p.groupId ?? undefined, unitId: p.unitId ?? undefined });
const samePost = (a: PersonState, b: PersonState) => a.role === b.role && a.groupId === b.groupId && a.unitId === b.unitId;

/**
 * Creates or changes one person as the file has them, with their audit entries: a new post starts today
 * (the one before ends yesterday, or is withdrawn if it began today), 停用 ends everything (people.ts).
 */
export async function applyPersonRow(ctx: ApiContext, tx: Tx, change: Change<PersonState>, who: Who) {
  const { id, role: _r, groupId: _g, unitId: _u, active, ...fields } = change.after;
  const { before } = change;
  const now = ctx.clock();
  if (!before) {
    await tx.person.create({ data: { id, ...fields, deactivatedAt: active ? null : now } });
    await audit(tx, who, 'person.created', 'person', id, fields);
  } else if (Object.keys(changed(before, change.after).after).length) {
    await tx.person.update({ where: { id }, data: { ...fields, ...(active === before.active ? {} : { deactivatedAt: active ? null : now }) } });
    await audit(tx, who, active || !before.active ? 'person.updated' : 'person.deactivated', 'person', id, changed(before, change.after));
  }
  if (!active) return before?.active ? endEverything(tx, id, now) : undefined;
  if (before && samePost(before, change.after) && before.active) return;
  const today = postingDay(now);
  await tx.posting.deleteMany({ where: { personId: id, validFrom: { gte: today } } });
  await tx.posting.updateMany({ where: { personId: id, OR: [{ validTo: null }, { validTo: { gte: today } }] }, data: { validTo: new Date(today.getTime() - 86_400_000) } });
  await addPosting(tx, ctx, id, postOf(change.after), who, `people/${id}`);
}

// ---- groups and units

async function loadRegistry(ctx: ApiContext, tx: Tx): Promise<Registry> {
  const [groups, units, people] = await Promise.all([
    tx.group.findMany({ select: { id: true, name: true, sortOrder: true, deactivatedAt: true } }),
    tx.unit.findMany({ select: { id: true, name: true, groupId: true, parentId: true, kinds: true, deactivatedAt: true } }),
    loadPeople(ctx, tx),
  ]);
  const active = <T extends { deactivatedAt: Date | null }>({ deactivatedAt, ...rest }: T) => ({ ...rest, active: !deactivatedAt });
  return { groups: groups.map(active), units: units.map((u) => ({ ...active(u), kinds: u.kinds as UnitKind[] })), people };
}

/** 撤销 as the registry's own routes keep it: from now when the file deactivates, kept when it already was, none when active. */
const deactivatedAt = (ctx: ApiContext, c: Change<{ active: boolean }>) => (c.after.active ? null : c.before && !c.before.active ? undefined : ctx.clock());

async function applyGroup(ctx: ApiContext, tx: Tx, c: Change<Registry['groups'][number]>, who: Who) {
  const { id, active: _active, ...fields } = c.after;
  if (!c.before) {
    await tx.group.create({ data: { id, ...fields, deactivatedAt: deactivatedAt(ctx, c) } });
    await audit(tx, who, 'group.created', 'group', id, { name: fields.name });
  } else {
    await tx.group.update({ where: { id }, data: { ...fields, deactivatedAt: deactivatedAt(ctx, c) } });
    await audit(tx, who, 'group.updated', 'group', id, changed(c.before, c.after));
  }
}

async function applyUnit(ctx: ApiContext, tx: Tx, c: Change<Registry['units'][number]>, who: Who) {
  const { id, active: _active, ...fields } = c.after;
  if (!c.before) {
    await tx.unit.create({ data: { id, ...fields, deactivatedAt: deactivatedAt(ctx, c) } });
    await audit(tx, who, 'unit.created', 'unit', id, { name: fields.name, groupId: fields.groupId, parentId: fields.parentId, kinds: fields.kinds });
  } else {
    await tx.unit.update({ where: { id }, data: { ...fields, deactivatedAt: deactivatedAt(ctx, c) } });
    await audit(tx, who, 'unit.updated', 'unit', id, changed(c.before, c.after));
  }
}

/** Groups, then units and people each parent (superior) first, so every reference exists when it is written. */
async function applyPlan(ctx: ApiContext, tx: Tx, plan: ImportPlan, registry: Registry, who: Who) {
  for (const c of plan.groups) await applyGroup(ctx, tx, c, who);
  const units = new Map([...registry.units, ...plan.units.map((c) => c.after)].map((u) => [u.id, u]));
  const unitChanges = new Map(plan.units.map((c) => [c.after.id, c]));
  for (const u of parentsFirst([...unitChanges.values()].map((c) => c.after), (x) => x.parentId, units).order) await applyUnit(ctx, tx, unitChanges.get(u.id)!, who);
  const people = new Map([...registry.people, ...plan.people.map((c) => c.after)].map((p) => [p.id, p]));
  const personChanges = new Map(plan.people.map((c) => [c.after.id, c]));
  for (const p of parentsFirst([...personChanges.values()].map((c) => c.after), (x) => x.superiorId, people).order) await applyPersonRow(ctx, tx, personChanges.get(p.id)!, who);
}

/** The answer: what the file creates, changes (besides deactivating) and deactivates, and every bad row. */
function summaryOf(plan: ImportPlan) {
  const all: Change<{ id: string; active?: boolean }>[] = [...plan.groups, ...plan.units, ...plan.people];
  const ref = (c: (typeof all)[number]) => ({ kind: c.kind, id: c.after.id });
  const deactivates = (c: (typeof all)[number]) => c.before?.active === true && c.after.active === false;
  return {
    created: all.filter((c) => !c.before).map(ref),
    changed: all.filter((c) => c.before && c.fields.some((f) => f !== 'active' || !deactivates(c))).map((c) => ({ ...ref(c), fields: c.fields.filter((f) => f !== 'active' || !deactivates(c)) })),
    deactivated: all.filter(deactivates).map(ref),
    unchanged: plan.unchanged,
    errors: plan.errors,
  };
}

/**
 * 试导入 (dry run) or 导入 (apply): the plan is made inside the transaction that writes it, so it is
 * checked against the registry it changes; with any error nothing is written and apply answers 422.
 */
export async function importRegistry(ctx: ApiContext, file: Buffer, q: { mode: 'dry-run' | 'apply'; kind?: ImportKind }, who: Who) {
  const tables = await readSpreadsheet(file, q.kind);
  try {
    return await ctx.db.$transaction(
      async (tx) => {
        const registry = await loadRegistry(ctx, tx);
        const plan = planImport(tables, registry);
        if (q.mode === 'apply' && plan.errors.length) {
          throw unprocessable('registry-import-invalid', `文件有 ${plan.errors.length} 处错误，未导入任何内容 / ${plan.errors.length} errors in the file, nothing imported`, plan.errors);
        }
        if (q.mode === 'apply') await applyPlan(ctx, tx, plan, registry, who);
        return summaryOf(plan);
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    throw conflict('registry-duplicate', '导入期间编号、名称或邮箱已被他人使用，请重新试导入 / an id, name or email was taken while importing: dry-run again');
  }
}

/** An example row per sheet, in the template's column order, naming each other so the template imports as it is. */
const EXAMPLES: Record<ImportKind, Record<string, string>> = {
  groups: { id: 'g9', name: '第九派驻组', sortOrder: '9', active: '在用' },
  units: { id: 'shiyan-danwei', name: '区示例局', groupId: 'g9', parentId: '', kinds: '窗口单位', active: '在用' },
  people: { id: 'shiyan-contact', name: '张示例', title: '纪检联络员', email: 'shiyan-contact@example.gov.cn', role: '驻在单位联络员', groupId: '', unitId: 'shiyan-danwei', superiorId: '', active: '在用' },
};

export const TEMPLATE_FILENAME = '机构与人员导入模板.xlsx';

/** 导入模板: the three sheets, their headers (each with a note of what it holds) and one example row each. */
export async function importTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const kind of Object.keys(SHEETS) as ImportKind[]) {
    const sheet = workbook.addWorksheet(SHEETS[kind]);
    const columns = columnsOf(kind);
    sheet.columns = columns.map(([field, c]) => ({ header: c.header, key: field, width: Math.max(12, c.header.length * 3) }));
    columns.forEach(([, c], i) => {
      const cell = sheet.getRow(1).getCell(i + 1);
      cell.font = { bold: true };
      if (c.note || c.required) cell.note = [c.required ? '必填' : '', c.note].filter(Boolean).join('；');
    });
    sheet.addRow(EXAMPLES[kind]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
