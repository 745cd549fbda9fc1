import { hash } from '@node-rs/argon2';
import type { Role } from '@prisma/client';
import { hashToken } from '../domain/tokens';
import { createDb } from './client';

/**
 * Demo data modelled on the seed article (澄海区): the commission, six stationed groups, twelve units
 * (区公路局 with 第五派驻组, 区卫计局 with its 卫监所 …) and people in every role. Each person's demo
 * bearer token is `demo-<personId>`.
 */
interface DemoPerson {
  id: string;
  name: string;
  title: string;
  role: Role;
  groupId?: string;
  unitId?: string;
  superiorId?: string;
}

export const DEMO_GROUPS = [
  { id: 'g1', name: '第一派驻组' },
  { id: 'g2', name: '第二派驻组' },
  { id: 'g3', name: '第三派驻组' },
  { id: 'g4', name: '第四派驻组' },
  { id: 'g5', name: '第五派驻组' },
  { id: 'g6', name: '第六派驻组' },
];

export const DEMO_UNITS = [
  { id: 'fagaiju', name: '区发展和改革局', groupId: 'g1' },
  { id: 'caizhengju', name: '区财政局', groupId: 'g1' },
  { id: 'jiaoyuju', name: '区教育局', groupId: 'g2' },
  { id: 'rensheju', name: '区人力资源和社会保障局', groupId: 'g2' },
  { id: 'weijiju', name: '区卫计局', groupId: 'g3' },
  { id: 'weijiansuo', name: '区卫计局卫生监督所', groupId: 'g3', parentId: 'weijiju' },
  { id: 'shijianju', name: '区市场监督管理局', groupId: 'g4' },
  { id: 'zhengwuzhongxin', name: '区政务服务中心', groupId: 'g4' },
  { id: 'gongluju', name: '区公路局', groupId: 'g5' },
  { id: 'jiaoyunju', name: '区交通运输局', groupId: 'g5' },
  { id: 'chengguanju', name: '区城市管理和综合执法局', groupId: 'g6' },
  { id: 'zhujianju', name: '区住房和城乡建设局', groupId: 'g6' },
];

const GROUP_LEADER_NAMES = ['刘志强', '黄晓燕', '吴国平', '郑丽娟', '林少雄', '蔡文辉'];
const GROUP_MEMBER_NAMES = ['许佳', '谢婷', '杨帆', '周敏', '陈晓东', '马骏'];

export const DEMO_PEOPLE: DemoPerson[] = [
  { id: 'secretary', name: '王建国', title: '区纪委书记、区监委主任', role: 'COMMISSION_LEADER' },
  { id: 'deputy', name: '张卫东', title: '区纪委副书记（分管派驻工作）', role: 'COMMISSION_LEADER', superiorId: 'secretary' },
  { id: 'staff-li', name: '李明', title: '党风政风监督室干部', role: 'STAFF' },
  { id: 'staff-chen', name: '陈静', title: '派驻机构工作室干部', role: 'STAFF' },
  ...DEMO_GROUPS.flatMap((g, i) => [
    { id: `${g.id}-leader`, name: GROUP_LEADER_NAMES[i], title: `${g.name}组长`, role: 'GROUP_LEADER' as const, groupId: g.id, superiorId: 'deputy' },
    { id: `${g.id}-member`, name: GROUP_MEMBER_NAMES[i], title: `${g.name}成员`, role: 'GROUP_MEMBER' as const, groupId: g.id, superiorId: `${g.id}-leader` },
  ]),
  ...DEMO_UNITS.flatMap((u, i) => [
    { id: `${u.id}-contact`, name: `联络员${i + 1}号`, title: `${u.name}纪检联络员`, role: 'UNIT_CONTACT' as const, unitId: u.id },
    { id: `${u.id}-leader`, name: `一把手${i + 1}号`, title: `${u.name}党组书记`, role: 'UNIT_LEADER' as const, unitId: u.id },
    // 班子成员 who take turns at self-supervision (自我监督) with the 一把手
    ...[1, 2].map((n) => ({ id: `${u.id}-member${n}`, name: `班子成员${i + 1}-${n}号`, title: `${u.name}班子成员`, role: 'UNIT_MEMBER' as const, unitId: u.id })),
  ]),
];

export const demoToken = (personId: string) => `demo-${personId}`;
/** Each demo person signs in with the same text as their token; `npm run dev` prints them. */
export const demoPassword = demoToken;
// Demo passwords are public, so they are hashed at argon2id's lowest cost: seeding every test database
// stays fast. A password a person chooses is hashed at the full cost (api/services/session.ts).
const demoPasswordHash = (personId: string) => hash(demoPassword(personId), { memoryCost: 1024, timeCost: 1 });
export const demoEmail = (personId: string) => `${personId}@demo.tantou.local`;
/** The day the demo (and benchmark) people's postings start: before any date a test or demo runs on. */
export const DEMO_POSTED_FROM = new Date('2020-01-01T00:00:00Z');

export async function seedDemo(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl);
  try {
    await db.$transaction(async (tx) => {
      for (const [i, g] of DEMO_GROUPS.entries()) {
        await tx.group.upsert({ where: { id: g.id }, create: { ...g, sortOrder: i + 1 }, update: {} });
      }
      for (const u of DEMO_UNITS) await tx.unit.upsert({ where: { id: u.id }, create: u, update: {} });
      // superiors first: a person's superior must exist before the person
      for (const p of DEMO_PEOPLE) {
        const { superiorId, role, groupId, unitId, ...rest } = p;
        await tx.person.upsert({ where: { id: p.id }, create: { ...rest, email: demoEmail(p.id), passwordHash: await demoPasswordHash(p.id) }, update: {} });
        if (superiorId) await tx.person.update({ where: { id: p.id }, data: { superiorId } });
        if (!(await tx.posting.count({ where: { personId: p.id } }))) {
          await tx.posting.create({ data: { personId: p.id, role, groupId, unitId, validFrom: DEMO_POSTED_FROM } });
        }
        const tokenHash = hashToken(demoToken(p.id));
        await tx.apiToken.upsert({ where: { tokenHash }, create: { tokenHash, personId: p.id, label: 'demo' }, update: {} });
      }
      // a database seeded before sign-in existed: its demo people get their passwords once
      for (const { id } of await tx.person.findMany({ where: { id: { in: DEMO_PEOPLE.map((p) => p.id) }, passwordHash: null }, select: { id: true } })) {
        await tx.person.update({ where: { id }, data: { passwordHash: await demoPasswordHash(id) } });
      }
    }, { timeout: 60_000 });
  } finally {
    await db.$disconnect();
  }
}

if (require.main === module) {
  seedDemo(process.env.DATABASE_URL ?? '').then(
    () => console.log(`seeded ${DEMO_GROUPS.length} groups, ${DEMO_UNITS.length} units, ${DEMO_PEOPLE.length} people`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
