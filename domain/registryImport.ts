// 批量导入 (bulk import of the registry): the spreadsheet layout offices keep, and the plan a file makes
// against the registry as it is. Pure: the service reads the file and the database, and writes the plan.
import { ROLES, isGroupRole, isUnitRole, type Role } from './roles';
import { UNIT_KINDS, type UnitKind } from './units';

export type ImportKind = 'groups' | 'units' | 'people';

/** One sheet per kind in an .xlsx; a .csv holds one kind, named by the `kind` query parameter. */
export const SHEETS: Record<ImportKind, string> = { groups: '派驻组', units: '被监督单位', people: '人员' };

export const STATUSES = { active: '在用', inactive: '停用' } as const;

export interface Column {
  header: string;
  required?: true;
  /** what the cell holds, for the template's notes and the documentation */
  note: string;
}

/** Headers are matched by name, in any order; a required column missing, or an unknown one, refuses the sheet. */
export const COLUMNS = {
  groups: {
    id: { header: '编号', required: true, note: '小写字母、数字和连字符，如 g7；已有编号即修改该派驻组' },
    name: { header: '名称', required: true, note: '如 第七派驻组' },
    sortOrder: { header: '排序', note: '0–10000 的整数' },
    active: { header: '状态', note: '在用 或 停用；空为在用' },
  },
  units: {
    id: { header: '编号', required: true, note: '小写字母、数字和连字符，如 weijiansuo' },
    name: { header: '名称', required: true, note: '如 区卫计局卫生监督所' },
    groupId: { header: '派驻组编号', required: true, note: '所属派驻组的编号（改派驻组请用“修改驻在单位”）' },
    parentId: { header: '上级单位编号', note: '空为无上级单位' },
    kinds: { header: '单位类型', note: `${Object.values(UNIT_KINDS).join('、')}，多个用逗号分隔` },
    active: { header: '状态', note: '在用 或 停用；空为在用' },
  },
  people: {
    id: { header: '编号', required: true, note: '小写字母、数字和连字符，如 gongluju-contact' },
    name: { header: '姓名', required: true, note: '' },
    title: { header: '职务', note: '' },
    email: { header: '邮箱', required: true, note: '全库唯一' },
    role: { header: '角色', required: true, note: Object.values(ROLES).join('、') },
    groupId: { header: '派驻组编号', note: '派驻组组长、成员必填，其他角色不填' },
    unitId: { header: '单位编号', note: '驻在单位联络员、一把手、班子成员必填，其他角色不填' },
    superiorId: { header: '上级编号', note: '上级领导的人员编号' },
    active: { header: '状态', note: '在用 或 停用；停用即免去其任职、吊销令牌；空为在用' },
  },
} as const satisfies Record<ImportKind, Record<string, Column>>;

type Field<K extends ImportKind> = keyof (typeof COLUMNS)[K];

/** A sheet's columns in order: field → column. */
export const columnsOf = (kind: ImportKind) => Object.entries(COLUMNS[kind]) as [string, Column][];

/** One sheet as read: its header row and each data row's cell texts, by position, with the row's number (1 is the header row). */
export interface Table {
  headers: string[];
  rows: { row: number; values: string[] }[];
}
/** The sheets of a file by name (a .csv's one sheet named for its kind). */
export type Tables = Record<string, Table>;

/** A data row by field: the text of each column the sheet has (a field absent: the sheet has no such column). */
interface SheetRow {
  row: number;
  cells: Partial<Record<string, string>>;
}

export interface ImportError {
  /** `sheet/row/column`, as every FieldError of the API names where it is */
  path: string;
  sheet: string;
  /** 1 is the header row; 0: the sheet or file as a whole */
  row: number;
  column: string;
  code: string;
  message: string;
}

export type GroupState = {
  id: string;
  name: string;
  sortOrder: number;
  active: boolean;
};
export type UnitState = {
  id: string;
  name: string;
  groupId: string;
  parentId: string | null;
  kinds: UnitKind[];
  active: boolean;
};
export type PersonState = {
  id: string;
  name: string;
  title: string | null;
  email: string;
  role: Role;
  groupId: string | null;
  unitId: string | null;
  superiorId: string | null;
  active: boolean;
};
export interface Registry {
  groups: GroupState[];
  units: UnitState[];
  people: PersonState[];
}

/** What applying the file does to one record: `before` is undefined for a new one. */
export interface Change<T> {
  kind: ImportKind;
  before?: T;
  after: T;
  /** the fields that differ, `active` included */
  fields: string[];
}
export interface ImportPlan {
  groups: Change<GroupState>[];
  units: Change<UnitState>[];
  people: Change<PersonState>[];
  unchanged: number;
  errors: ImportError[];
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ROLE_BY_NAME = new Map<string, Role>(Object.entries(ROLES).flatMap(([code, name]) => [[name, code as Role] as const, [code, code as Role] as const]));
const KIND_BY_NAME = new Map<string, UnitKind>(Object.entries(UNIT_KINDS).flatMap(([code, name]) => [[name, code as UnitKind] as const, [code, code as UnitKind] as const]));

/** Collects the errors of one file, each naming its sheet, row and column. */
class Errors {
  readonly list: ImportError[] = [];
  add(kind: ImportKind, row: number, field: string, code: string, message: string) {
    const column = columnsOf(kind).find(([f]) => f === field)?.[1].header ?? field;
    this.list.push({ path: `${SHEETS[kind]}/${row}/${column}`, sheet: SHEETS[kind], row, column, code, message });
  }
}

/**
 * A table's rows by field. Headers are matched by name: an unknown or repeated one, or a required one
 * missing, is an error of row 1 and the sheet's rows are not read (each would only repeat it).
 */
function sheetRows(kind: ImportKind, table: Table | undefined, errors: Errors): SheetRow[] {
  if (!table) return [];
  const byHeader = new Map(columnsOf(kind).map(([field, c]) => [c.header, field]));
  const failed = errors.list.length;
  const seen = new Set<string>();
  const fields = table.headers.map((raw) => {
    const h = raw.trim();
    if (h && !byHeader.has(h)) errors.add(kind, 1, h, 'unknown-column', `未知的列“${h}” / unknown column; the columns are ${[...byHeader.keys()].join(', ')}`);
    else if (h && seen.has(h)) errors.add(kind, 1, h, 'duplicate-column', `列“${h}”出现两次 / the column appears twice`);
    seen.add(h);
    return byHeader.get(h);
  });
  for (const [field, c] of columnsOf(kind)) {
    if (c.required && !seen.has(c.header)) errors.add(kind, 1, field, 'missing-column', `缺少必填列“${c.header}” / the required column is missing`);
  }
  if (errors.list.length > failed) return [];
  return table.rows
    .filter((r) => r.values.some((v) => v.trim()))
    .map((r) => {
      r.values.forEach((v, i) => {
        if (v.trim() && !fields[i]) errors.add(kind, r.row, `第${i + 1}列`, 'unknown-column', '此列没有列名 / a value under a column without a header');
      });
      return { row: r.row, cells: Object.fromEntries(fields.flatMap((f, i) => (f ? [[f, r.values[i] ?? '']] : []))) };
    });
}

/** Reads one sheet's rows of text into typed records; a cell that cannot be read is an error of its column. */
function readRows<K extends ImportKind, T>(kind: K, table: Table | undefined, errors: Errors, read: (cell: (f: Field<K>) => Cell) => T) {
  const out: { row: number; given: Set<string>; value: T }[] = [];
  const ids = new Map<string, number>();
  for (const r of sheetRows(kind, table, errors)) {
    const failed = errors.list.length;
    const value = read((f) => new Cell(kind, r, f as string, errors));
    const id = r.cells.id?.trim() ?? '';
    if (ids.has(id)) errors.add(kind, r.row, 'id', 'duplicate-id', `编号 ${id} 与第 ${ids.get(id)} 行重复 / the id is also on row ${ids.get(id)}`);
    ids.set(id, r.row);
    if (errors.list.length === failed) out.push({ row: r.row, given: new Set(Object.keys(r.cells)), value });
  }
  return out;
}

/** One cell of a row, read as the type its column holds; an absent column reads as undefined (left as it is). */
class Cell {
  readonly text: string | undefined;
  constructor(
    readonly kind: ImportKind,
    readonly r: SheetRow,
    readonly field: string,
    readonly errors: Errors,
  ) {
    this.text = r.cells[field]?.trim();
  }
  private fail(code: string, message: string) {
    this.errors.add(this.kind, this.r.row, this.field, code, message);
    return undefined;
  }
  required(): string {
    if (!this.text) return this.fail('missing-value', '此项必填 / the cell is empty') ?? '';
    return this.text;
  }
  slug(): string {
    const id = this.required();
    return id && !SLUG.test(id) ? (this.fail('bad-value', `“${id}”须为小写字母、数字和连字符（至多 63 个） / lower-case letters, digits and hyphens, up to 63`) ?? '') : id;
  }
  name(): string {
    const name = this.required();
    return name && (name.length < 2 || name.length > 100) ? (this.fail('bad-value', '须为 2–100 个字 / 2 to 100 characters') ?? '') : name;
  }
  optional(): string | null | undefined {
    return this.text === undefined ? undefined : this.text || null;
  }
  sortOrder(): number | undefined {
    if (!this.text) return undefined;
    const n = Number(this.text);
    return Number.isInteger(n) && n >= 0 && n <= 10_000 ? n : this.fail('bad-value', `“${this.text}”须为 0–10000 的整数 / an integer from 0 to 10000`);
  }
  active(): boolean | undefined {
    if (this.text === undefined) return undefined;
    if (!this.text || this.text === STATUSES.active) return true;
    if (this.text === STATUSES.inactive) return false;
    return this.fail('bad-value', `“${this.text}”须为“在用”或“停用” / 在用 (active) or 停用 (deactivated)`);
  }
  kinds(): UnitKind[] | undefined {
    if (this.text === undefined) return undefined;
    const names = this.text.split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
    const bad = names.filter((n) => !KIND_BY_NAME.has(n));
    if (bad.length) return this.fail('bad-value', `未知的单位类型“${bad.join('、')}” / unknown unit kind; one or more of ${Object.values(UNIT_KINDS).join(', ')}`);
    return [...new Set(names.map((n) => KIND_BY_NAME.get(n)!))];
  }
  role(): Role | undefined {
    const name = this.required();
    if (name && !ROLE_BY_NAME.has(name)) return this.fail('unknown-role', `未知的角色“${name}” / unknown role; one of ${Object.values(ROLES).join(', ')}`);
    return ROLE_BY_NAME.get(name);
  }
  email(): string {
    const email = this.required().toLowerCase();
    return email && !EMAIL.test(email) ? (this.fail('bad-value', `“${email}”不是邮箱地址 / not an email address`) ?? '') : email;
  }
}

/** `given`'s fields of `row` over `before` (a column the sheet does not have leaves the field as it is). */
function merged<T extends object>(before: T | undefined, row: Partial<T>, given: Set<string>, defaults: T): T {
  const base = { ...defaults, ...before };
  return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, given.has(k) && (row as Record<string, unknown>)[k] !== undefined ? (row as Record<string, unknown>)[k] : v])) as T;
}

function changeOf<T extends object>(kind: ImportKind, before: T | undefined, after: T): Change<T> {
  const fields = Object.keys(after).filter((k) => JSON.stringify((before as Record<string, unknown> | undefined)?.[k]) !== JSON.stringify((after as Record<string, unknown>)[k]));
  return { kind, before, after, fields: before ? fields : Object.keys(after) };
}

/** Parents before children; the ids on a cycle of parents (or superiors) are returned apart, since no order exists for them. */
export function parentsFirst<T extends { id: string }>(items: T[], parentOf: (t: T) => string | null, known: Map<string, T>): { order: T[]; cycle: Set<string> } {
  const depth = new Map<string, number>();
  const cycle = new Set<string>();
  const depthOf = (id: string, path: Set<string>): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (path.has(id)) {
      path.forEach((p) => cycle.add(p));
      return 0;
    }
    const parent = known.get(id) && parentOf(known.get(id)!);
    const d = parent && known.has(parent) ? depthOf(parent, new Set([...path, id])) + 1 : 0;
    depth.set(id, d);
    return d;
  };
  items.forEach((t) => depthOf(t.id, new Set()));
  return { order: [...items].sort((a, b) => depth.get(a.id)! - depth.get(b.id)!), cycle };
}

/** The first row of each value that another row (or an existing record not in the file) already holds. */
function duplicates<T extends { id: string }>(all: Map<string, T>, keyOf: (t: T) => string | null, report: (t: T, holder: string) => void) {
  const holders = new Map<string, string>();
  for (const t of all.values()) {
    const key = keyOf(t);
    if (key === null) continue;
    if (holders.has(key)) report(t, holders.get(key)!);
    else holders.set(key, t.id);
  }
}

/**
 * The plan of one file against the registry: every record the file names, as it will be, and every
 * rule of the registry checked on the registry as it will be (file over database). Errors name the
 * sheet, row and column; with any error the plan is shown and not applied.
 */
export function planImport(tables: Tables, registry: Registry): ImportPlan {
  const errors = new Errors();
  const kinds = Object.keys(SHEETS) as ImportKind[];
  const sheets = Object.fromEntries(kinds.map((k) => [k, tables[SHEETS[k]]])) as Partial<Record<ImportKind, Table>>;
  for (const name of Object.keys(tables).filter((n) => !kinds.some((k) => SHEETS[k] === n))) {
    errors.list.push({ path: name, sheet: name, row: 0, column: '', code: 'unknown-sheet', message: `未知的工作表“${name}” / unknown sheet; the sheets are ${Object.values(SHEETS).join(', ')}` });
  }
  if (!kinds.some((k) => sheets[k])) {
    errors.list.push({ path: '', sheet: '', row: 0, column: '', code: 'no-sheet', message: `文件中没有可导入的工作表 / the file has none of the sheets ${Object.values(SHEETS).join(', ')}` });
  }

  const groupRows = readRows('groups', sheets.groups, errors, (c) => ({ id: c('id').slug(), name: c('name').name(), sortOrder: c('sortOrder').sortOrder(), active: c('active').active() }));
  const unitRows = readRows('units', sheets.units, errors, (c) => ({
    id: c('id').slug(),
    name: c('name').name(),
    groupId: c('groupId').required(),
    parentId: c('parentId').optional(),
    kinds: c('kinds').kinds(),
    active: c('active').active(),
  }));
  const personRows = readRows('people', sheets.people, errors, (c) => ({
    id: c('id').slug(),
    name: c('name').name(),
    title: c('title').optional(),
    email: c('email').email(),
    role: c('role').role()!,
    groupId: c('groupId').optional(),
    unitId: c('unitId').optional(),
    superiorId: c('superiorId').optional(),
    active: c('active').active(),
  }));

  const groups = new Map(registry.groups.map((g) => [g.id, g]));
  const units = new Map(registry.units.map((u) => [u.id, u]));
  const people = new Map(registry.people.map((p) => [p.id, p]));
  const rowOf = new Map<string, number>();
  const key = (kind: ImportKind, id: string) => `${kind}/${id}`;

  const groupChanges = groupRows.map(({ row, given, value }) => {
    const after = merged(groups.get(value.id), value, given, { id: value.id, name: value.name, sortOrder: 0, active: true });
    rowOf.set(key('groups', value.id), row);
    return changeOf('groups', groups.get(value.id), after);
  });
  groupChanges.forEach((c) => groups.set(c.after.id, c.after));

  const unitChanges = unitRows.map(({ row, given, value }) => {
    const before = units.get(value.id);
    const after = merged(before, value, given, { id: value.id, name: value.name, groupId: value.groupId, parentId: null, kinds: [], active: true });
    rowOf.set(key('units', value.id), row);
    if (before && before.groupId !== value.groupId) {
      errors.add('units', row, 'groupId', 'unit-group-change', `单位现属 ${before.groupId}，改派驻组请用“修改驻在单位” / the unit is in ${before.groupId}; move it with PATCH /units/{id}`);
    }
    return changeOf('units', before, after);
  });
  unitChanges.forEach((c) => units.set(c.after.id, c.after));

  const personChanges = personRows.map(({ row, given, value }) => {
    const before = people.get(value.id);
    rowOf.set(key('people', value.id), row);
    return changeOf('people', before, merged(before, value, given, { ...value, title: value.title ?? null, groupId: null, unitId: null, superiorId: null, active: true }));
  });
  personChanges.forEach((c) => people.set(c.after.id, c.after));

  const rowIn = (kind: ImportKind, id: string) => rowOf.get(key(kind, id));
  const activeGroup = (id: string) => groups.get(id)?.active === true;
  const activeUnit = (id: string) => units.get(id)?.active === true;

  // a unit in use needs its group and parent in use; one the file deactivates needs them only to exist
  for (const { after: u } of unitChanges) {
    const row = rowIn('units', u.id)!;
    if (!(u.active ? activeGroup(u.groupId) : groups.has(u.groupId))) errors.add('units', row, 'groupId', 'unknown-group', `没有在用的派驻组 ${u.groupId} / no active group ${u.groupId}`);
    if (u.parentId && !(u.active ? activeUnit(u.parentId) : units.has(u.parentId))) errors.add('units', row, 'parentId', 'unknown-parent', `没有在用的单位 ${u.parentId} / no active unit ${u.parentId}`);
  }
  for (const id of parentsFirst(unitChanges.map((c) => c.after), (u) => u.parentId, units).cycle) {
    if (rowIn('units', id)) errors.add('units', rowIn('units', id)!, 'parentId', 'invalid-parent', `上级单位形成循环 / the parent units of ${id} go round in a cycle`);
  }
  for (const id of parentsFirst(personChanges.map((c) => c.after), (p) => p.superiorId, people).cycle) {
    if (rowIn('people', id)) errors.add('people', rowIn('people', id)!, 'superiorId', 'superior-cycle', `上级关系形成循环 / the superiors of ${id} go round in a cycle`);
  }
  for (const { after: g } of groupChanges) {
    const active = [...units.values()].filter((u) => u.groupId === g.id && u.active).length;
    if (!g.active && active) errors.add('groups', rowIn('groups', g.id)!, 'active', 'group-has-units', `该派驻组仍有 ${active} 个在用单位，请先停用或调整 / the group still has ${active} active units`);
  }
  // the row of the file reports it, whether the other holder is a row too or a record the file leaves alone
  const taken = (kind: ImportKind, field: string, code: string, what: string, en: string) => (t: { id: string }, holder: string) => {
    const [row, other] = rowIn(kind, t.id) ? [rowIn(kind, t.id)!, holder] : [rowIn(kind, holder), t.id];
    const where = rowIn(kind, other) ? `第 ${rowIn(kind, other)} 行的 ${other}` : `已有的 ${other}`;
    if (row) errors.add(kind, row, field, code, `${what}与${where}重复 / ${en} ${other}`);
  };
  duplicates(groups, (g) => g.name, taken('groups', 'name', 'duplicate-name', '名称', 'the same name as'));
  duplicates(units, (u) => u.name, taken('units', 'name', 'duplicate-name', '名称', 'the same name as'));
  duplicates(people, (p) => p.email, taken('people', 'email', 'duplicate-email', '邮箱', 'the same email as'));
  duplicates(people, (p) => (p.role === 'UNIT_LEADER' ? p.unitId : null), taken('people', 'role', 'two-unit-leaders', '该单位的一把手', 'the unit already has its 一把手 (UNIT_LEADER)'));

  for (const { after: p } of personChanges) checkPosting(p, rowIn('people', p.id)!, errors, { activeGroup, activeUnit, person: (id) => people.has(id) });

  const all = [...groupChanges, ...unitChanges, ...personChanges];
  return {
    groups: groupChanges.filter((c) => c.fields.length),
    units: unitChanges.filter((c) => c.fields.length),
    people: personChanges.filter((c) => c.fields.length),
    unchanged: all.filter((c) => !c.fields.length).length,
    errors: errors.list,
  };
}

/** A person's group or unit as their role needs it: a unit role in an active unit, a group role in an active group, the commission in neither. */
function checkPosting(p: PersonState, row: number, errors: Errors, exists: { activeGroup(id: string): boolean; activeUnit(id: string): boolean; person(id: string): boolean }) {
  const unitRole = isUnitRole(p.role);
  const groupRole = isGroupRole(p.role);
  if (unitRole && !p.unitId) errors.add('people', row, 'unitId', 'unit-required', `角色“${ROLES[p.role]}”须填单位编号 / a unit role needs 单位编号`);
  if (groupRole && !p.groupId) errors.add('people', row, 'groupId', 'group-required', `角色“${ROLES[p.role]}”须填派驻组编号 / a group role needs 派驻组编号`);
  if (!unitRole && p.unitId) errors.add('people', row, 'unitId', 'not-for-role', `角色“${ROLES[p.role]}”不填单位编号 / leave it empty for this role`);
  if (!groupRole && p.groupId) errors.add('people', row, 'groupId', 'not-for-role', `角色“${ROLES[p.role]}”不填派驻组编号 / leave it empty for this role`);
  if (unitRole && p.unitId && !exists.activeUnit(p.unitId)) errors.add('people', row, 'unitId', 'unknown-unit', `没有在用的单位 ${p.unitId} / no active unit ${p.unitId}`);
  if (groupRole && p.groupId && !exists.activeGroup(p.groupId)) errors.add('people', row, 'groupId', 'unknown-group', `没有在用的派驻组 ${p.groupId} / no active group ${p.groupId}`);
  if (p.superiorId && (p.superiorId === p.id || !exists.person(p.superiorId))) errors.add('people', row, 'superiorId', 'unknown-superior', `没有人员 ${p.superiorId} / no other person ${p.superiorId}`);
}
