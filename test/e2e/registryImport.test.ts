// 批量导入 over HTTP with real PostgreSQL: the template downloaded and sent back, a file with bad rows
// refused row by row with nothing written, a good file applied (audited) and applied again changing
// nothing, a .csv per kind, and no one but staff let in.
import ExcelJS from 'exceljs';
import request from 'supertest';
import { demoToken } from '../../prisma/seed';
import { expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(120_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A workbook of sheets, each its header row then its data rows. */
async function workbook(sheets: Record<string, string[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (file: Buffer | string, query: string, type = XLSX, as = 'staff-li') =>
  request(stack.app).post(`/registry/import?${query}`).set('Authorization', `Bearer ${demoToken(as)}`).type(type).send(file);

const binary: Parameters<request.Test['parse']>[0] = (res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const auditOf = async (res: request.Response) =>
  (await stack.db.auditLog.findMany({ where: { requestId: res.headers['x-request-id'] }, orderBy: { id: 'asc' }, select: { action: true, targetId: true, detail: true } })).map(
    (a) => `${a.action} ${a.targetId}`,
  );

it('gives staff the template, whose example rows a dry run would create and does not', async () => {
  const res = await request(stack.app).get('/registry/import/template').set('Authorization', `Bearer ${demoToken('staff-li')}`).buffer(true).parse(binary).expect(200);
  expect(res.headers['content-type']).toMatch(/^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/);
  expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('机构与人员导入模板.xlsx')}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as ExcelJS.Buffer);
  expect(wb.worksheets.map((s) => s.name)).toEqual(['派驻组', '被监督单位', '人员']);
  expect(wb.getWorksheet('人员')!.getRow(1).values).toEqual([undefined, '编号', '姓名', '职务', '邮箱', '角色', '派驻组编号', '单位编号', '上级编号', '状态']);

  const dry = await upload(res.body as Buffer, 'mode=dry-run').expect(200);
  expect(dry.body).toEqual({
    created: [
      { kind: 'groups', id: 'g9' },
      { kind: 'units', id: 'shiyan-danwei' },
      { kind: 'people', id: 'shiyan-contact' },
    ],
    changed: [],
    deactivated: [],
    unchanged: 0,
    errors: [],
  });
  expect(await stack.db.group.findUnique({ where: { id: 'g9' } })).toBeNull();
  expect(await auditOf(dry)).toEqual([]);
});

describe('a file with bad rows', () => {
  const bad = () =>
    workbook({
      派驻组: [
        ['编号', '名称', '状态'],
        ['g10', '第十派驻组', '在用'],
        ['g11', '第十一派驻组', '暂停'],
      ],
      被监督单位: [
        ['名称', '编号', '派驻组编号', '上级单位编号'],
        ['区甲局', 'jia', 'g-none', ''],
        ['区乙局', 'yi', 'g10', 'nowhere'],
        ['区丙局', 'bing', 'g10', ''],
      ],
      人员: [
        ['编号', '姓名', '邮箱', '角色', '派驻组编号', '单位编号'],
        ['p1', '赵一', 'gongluju-contact@demo.tantou.local', '驻在单位联络员', '', 'bing'],
        ['p2', '赵二', 'same@example.gov.cn', '驻在单位班子成员', '', 'bing'],
        ['p3', '赵三', 'same@example.gov.cn', '驻在单位班子成员', '', 'bing'],
        ['p4', '赵四', 'p4@example.gov.cn', '驻在单位一把手', '', 'gongluju'],
        ['p5', '赵五', 'p5@example.gov.cn', '超级管理员', '', ''],
        ['p6', '赵六', 'p6@example.gov.cn', '驻在单位联络员', '', ''],
        ['p7', '赵七', 'p7@example.gov.cn', '派驻组成员', '', ''],
        ['p8', '赵八', 'p8@example.gov.cn', '驻在单位一把手', '', 'bing'],
        ['p9', '赵九', 'p9@example.gov.cn', '驻在单位一把手', '', 'bing'],
      ],
    });
  const expected = [
    ['派驻组', 3, '状态', 'bad-value'],
    ['被监督单位', 2, '派驻组编号', 'unknown-group'],
    ['被监督单位', 3, '上级单位编号', 'unknown-parent'],
    ['人员', 2, '邮箱', 'duplicate-email'],
    ['人员', 4, '邮箱', 'duplicate-email'],
    ['人员', 5, '角色', 'two-unit-leaders'],
    ['人员', 6, '角色', 'unknown-role'],
    ['人员', 7, '单位编号', 'unit-required'],
    ['人员', 8, '派驻组编号', 'group-required'],
    ['人员', 10, '角色', 'two-unit-leaders'],
  ];
  const named = (errors: { sheet: string; row: number; column: string; code: string }[]) => errors.map((e) => [e.sheet, e.row, e.column, e.code]);

  it('are each named by sheet, row, column and code on a dry run', async () => {
    const res = await upload(await bad(), 'mode=dry-run').expect(200);
    expect(named(res.body.errors)).toEqual(expect.arrayContaining(expected));
    expect(res.body.errors).toHaveLength(expected.length);
    expect(res.body.errors[0]).toMatchObject({ path: '派驻组/3/状态', message: expect.stringContaining('停用') });
  });

  it('are refused on apply with 422 and the same errors, nothing written', async () => {
    const audits = await stack.db.auditLog.count();
    const res = await upload(await bad(), 'mode=apply');
    expectProblem(res, 422, '人员/6/角色');
    expect(res.body.type).toBe('urn:tantou:problem:registry-import-invalid');
    expect(named(res.body.errors)).toEqual(expect.arrayContaining(expected));
    expect(await stack.db.group.findUnique({ where: { id: 'g10' } })).toBeNull();
    expect(await stack.db.person.count({ where: { id: { in: ['p1', 'p2', 'p8'] } } })).toBe(0);
    expect(await stack.db.auditLog.count()).toBe(audits);
  });

  it('missing a required column or carrying an unknown one, are refused by the header’s name', async () => {
    const res = await upload(await workbook({ 人员: [['编号', '姓名', '角色', '备注'], ['p1', '赵一', '委领导', '新任']], 花名册: [['编号']] }), 'mode=dry-run').expect(200);
    expect(named(res.body.errors)).toEqual([
      ['花名册', 0, '', 'unknown-sheet'],
      ['人员', 1, '备注', 'unknown-column'],
      ['人员', 1, '邮箱', 'missing-column'],
    ]);
  });
});

describe('a good file', () => {
  // the child unit before its parent, the member before their leader: the order of the file does not matter
  const good = () =>
    workbook({
      派驻组: [
        ['编号', '名称', '排序', '状态'],
        ['g8', '第八派驻组', '8', '在用'],
      ],
      被监督单位: [
        ['编号', '名称', '派驻组编号', '上级单位编号', '单位类型', '状态'],
        ['shuiwu-suo', '区水务局水政监察所', 'g8', 'shuiwuju', '行政执法队伍', '在用'],
        ['shuiwuju', '区水务局', 'g8', '', '窗口单位，行政执法队伍', '在用'],
        ['jiaoyunju', '区交通运输局', 'g5', '', '窗口单位', '在用'],
        ['zhujianju', '区住房和城乡建设局', 'g6', '', '', '停用'],
      ],
      人员: [
        ['编号', '姓名', '职务', '邮箱', '角色', '派驻组编号', '单位编号', '上级编号', '状态'],
        ['g8-member', '钱二', '第八派驻组成员', 'g8-member@example.gov.cn', '派驻组成员', 'g8', '', 'g8-leader', '在用'],
        ['g8-leader', '钱一', '第八派驻组组长', 'G8-Leader@example.gov.cn', '派驻组组长', 'g8', '', 'deputy', ''],
        ['shuiwuju-leader', '孙一', '区水务局党组书记', 'shuiwuju-leader@example.gov.cn', '驻在单位一把手', '', 'shuiwuju', '', '在用'],
      ],
    });

  it('is applied in full and audited, and applied again changes nothing', async () => {
    const res = await upload(await good(), 'mode=apply').expect(200);
    expect(res.body).toEqual({
      created: [
        { kind: 'groups', id: 'g8' },
        { kind: 'units', id: 'shuiwu-suo' },
        { kind: 'units', id: 'shuiwuju' },
        { kind: 'people', id: 'g8-member' },
        { kind: 'people', id: 'g8-leader' },
        { kind: 'people', id: 'shuiwuju-leader' },
      ],
      changed: [{ kind: 'units', id: 'jiaoyunju', fields: ['kinds'] }],
      deactivated: [{ kind: 'units', id: 'zhujianju' }],
      unchanged: 0,
      errors: [],
    });
    expect(await stack.db.unit.findUniqueOrThrow({ where: { id: 'shuiwu-suo' } })).toMatchObject({ groupId: 'g8', parentId: 'shuiwuju', kinds: ['law_enforcement'] });
    expect(await stack.db.person.findUniqueOrThrow({ where: { id: 'g8-leader' }, include: { postings: true } })).toMatchObject({
      email: 'g8-leader@example.gov.cn',
      superiorId: 'deputy',
      postings: [{ role: 'GROUP_LEADER', groupId: 'g8', validTo: null }],
    });
    expect((await stack.db.unit.findUniqueOrThrow({ where: { id: 'zhujianju' } })).deactivatedAt).not.toBeNull();
    expect((await auditOf(res)).sort()).toEqual(
      [
        'group.created g8',
        'unit.created shuiwuju',
        'unit.created shuiwu-suo',
        'unit.updated jiaoyunju',
        'unit.updated zhujianju',
        'person.created g8-leader',
        'person.created g8-member',
        'person.created shuiwuju-leader',
        'posting.added g8-leader',
        'posting.added g8-member',
        'posting.added shuiwuju-leader',
      ].sort(),
    );
    const off = await stack.db.auditLog.findFirstOrThrow({ where: { requestId: res.headers['x-request-id'], targetId: 'zhujianju' } });
    expect(off).toMatchObject({ actorId: 'staff-li', detail: { before: { active: true }, after: { active: false } } });

    const again = await upload(await good(), 'mode=apply').expect(200);
    expect(again.body).toEqual({ created: [], changed: [], deactivated: [], unchanged: 8, errors: [] });
    expect(await auditOf(again)).toEqual([]);
  });

  it('deactivates a person by 停用: their postings end today and their token stops working', async () => {
    await stack.as('g6-member').get('/me/tasks').expect(200);
    const p = await stack.db.person.findUniqueOrThrow({ where: { id: 'g6-member' } });
    const file = await workbook({ 人员: [['编号', '姓名', '邮箱', '角色', '派驻组编号', '状态'], [p.id, p.name, p.email, '派驻组成员', 'g6', '停用']] });
    const res = await upload(file, 'mode=apply').expect(200);
    expect(res.body).toMatchObject({ created: [], changed: [], deactivated: [{ kind: 'people', id: 'g6-member' }], errors: [] });
    expect(await auditOf(res)).toEqual(['person.deactivated g6-member']);
    expect(await stack.db.posting.count({ where: { personId: 'g6-member', validTo: null } })).toBe(0);
    expect((await stack.as('g6-member').get('/me/tasks')).status).toBe(401);
  });
});

describe('a .csv', () => {
  it('holds one kind, named by ?kind=, and is applied as a sheet is', async () => {
    const csv = '\uFEFF编号,名称,派驻组编号,单位类型\nshiyanshi,区检验检测中心,g5,"窗口单位,行政执法队伍"\n';
    const res = await upload(csv, 'mode=apply&kind=units', 'text/csv; charset=utf-8').expect(200);
    expect(res.body.created).toEqual([{ kind: 'units', id: 'shiyanshi' }]);
    expect(await stack.db.unit.findUniqueOrThrow({ where: { id: 'shiyanshi' } })).toMatchObject({ name: '区检验检测中心', kinds: ['window', 'law_enforcement'] });

    const unnamed = await upload(csv, 'mode=apply', 'text/csv');
    expectProblem(unnamed, 422, 'kind');
    expect(unnamed.body.type).toBe('urn:tantou:problem:csv-kind-required');
    const numbered = await upload('编号,名称,排序\ng5,第五派驻组,0007\n', 'mode=dry-run&kind=groups', 'text/csv').expect(200);
    expect(numbered.body).toMatchObject({ changed: [{ kind: 'groups', id: 'g5', fields: ['sortOrder'] }], errors: [] });
  });
});

describe('who may import', () => {
  it('is staff only, and a body that is no spreadsheet is refused', async () => {
    expectProblem(await upload(await workbook({ 派驻组: [['编号', '名称']] }), 'mode=apply', XLSX, 'g5-leader'), 403);
    expectProblem(await request(stack.app).get('/registry/import/template').set('Authorization', `Bearer ${demoToken('gongluju-contact')}`), 403);
    const json = await request(stack.app).post('/registry/import').set('Authorization', `Bearer ${demoToken('staff-li')}`).send({ groups: [] });
    expectProblem(json, 415);
    expect(json.body.detail).toContain('text/csv');
    const broken = await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'mode=dry-run');
    expectProblem(broken, 422, 'body');
    expect(broken.body.type).toBe('urn:tantou:problem:unreadable-file');
  });
});
