// The plan of a file against a registry (domain/registryImport.ts): the rules that need the registry as
// the file would leave it, checked without a database.
import { planImport, type Registry, type Table } from '../../domain/registryImport';

const registry: Registry = {
  groups: [{ id: 'g1', name: '第一派驻组', sortOrder: 1, active: true }],
  units: [
    { id: 'a', name: '区甲局', groupId: 'g1', parentId: null, kinds: [], active: true },
    { id: 'b', name: '区乙局', groupId: 'g1', parentId: 'a', kinds: [], active: true },
  ],
  people: [{ id: 'lead', name: '组长', title: null, email: 'lead@x.cn', role: 'GROUP_LEADER', groupId: 'g1', unitId: null, superiorId: null, active: true }],
};
const table = (headers: string[], ...rows: string[][]): Table => ({ headers, rows: rows.map((values, i) => ({ row: i + 2, values })) });
const codes = (tables: Record<string, Table>) => planImport(tables, registry).errors.map((e) => `${e.sheet}/${e.row}/${e.column} ${e.code}`);

it('refuses a parent that would make units go round in a cycle, with the file and the database together', () => {
  expect(codes({ 被监督单位: table(['编号', '名称', '派驻组编号', '上级单位编号'], ['a', '区甲局', 'g1', 'b']) })).toEqual(['被监督单位/2/上级单位编号 invalid-parent']);
});

it('keeps a group with active units from being deactivated, unless the file deactivates them too', () => {
  const group = table(['编号', '名称', '状态'], ['g1', '第一派驻组', '停用']);
  expect(codes({ 派驻组: group })).toEqual(['派驻组/2/状态 group-has-units']);
  const units = table(['编号', '名称', '派驻组编号', '状态'], ['a', '区甲局', 'g1', '停用'], ['b', '区乙局', 'g1', '停用']);
  expect(codes({ 派驻组: group, 被监督单位: units })).toEqual([]);
});

it('sends moving a unit to another group to its own route, and deactivates a person by 停用', () => {
  const plan = planImport(
    {
      派驻组: table(['编号', '名称'], ['g2', '第二派驻组']),
      被监督单位: table(['编号', '名称', '派驻组编号'], ['a', '区甲局', 'g2']),
      人员: table(['编号', '姓名', '邮箱', '角色', '派驻组编号', '状态'], ['lead', '组长', 'lead@x.cn', '派驻组组长', 'g1', '停用']),
    },
    registry,
  );
  expect(plan.errors.map((e) => e.code)).toEqual(['unit-group-change']);
  expect(plan.people).toMatchObject([{ before: { active: true }, after: { active: false }, fields: ['active'] }]);
});

it('leaves a field whose column the sheet lacks as it is, and counts a row that matches as unchanged', () => {
  const plan = planImport({ 人员: table(['编号', '姓名', '邮箱', '角色', '派驻组编号'], ['lead', '组长', 'LEAD@x.cn', '派驻组组长', 'g1']) }, registry);
  expect(plan).toMatchObject({ people: [], unchanged: 1, errors: [] });
});

it('refuses superiors that go round in a cycle, and a value under a column without a header', () => {
  const people = table(['编号', '姓名', '邮箱', '角色', '上级编号', ''], ['p1', '甲一', 'p1@x.cn', '委领导', 'p2', ''], ['p2', '乙一', 'p2@x.cn', '委领导', 'p1', '备注']);
  expect(codes({ 人员: people })).toEqual(['人员/3/第6列 unknown-column', '人员/2/上级编号 superior-cycle', '人员/3/上级编号 superior-cycle']);
});
