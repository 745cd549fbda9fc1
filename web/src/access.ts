// Which of the console's sections the signed-in person's roles (GET /session's postings) may use. The
// API stays the authority: these lists only spare a person a menu entry whose page would be refused
// (api/routes/statistics.ts READERS, api/routes/measures.ts RECORDERS and READERS, api/routes/leads.ts).
import type { Session } from './api';

const COMMISSION_AND_GROUPS = ['STAFF', 'COMMISSION_LEADER', 'GROUP_LEADER', 'GROUP_MEMBER'];

export const SECTIONS = {
  /** 统计: the commission over every unit, a stationed group over its own; units get none */
  statistics: COMMISSION_AND_GROUPS,
  /** 措施登记 */
  recordMeasure: COMMISSION_AND_GROUPS,
  /** 措施台账: and a unit's 一把手, for their own unit */
  measures: [...COMMISSION_AND_GROUPS, 'UNIT_LEADER'],
  /** 线索登记: commission staff and the stationed groups (POST /leads); a commission leader reads but registers none */
  registerLead: ['STAFF', 'GROUP_LEADER', 'GROUP_MEMBER'],
  /** 线索台账: the commission and the groups; a unit never learns of a lead (GET /leads) */
  leads: COMMISSION_AND_GROUPS,
} as const satisfies Record<string, readonly string[]>;
export type Section = keyof typeof SECTIONS;

export const mayUse = (session: Session, section: Section): boolean =>
  session.person.roles.some((p) => (SECTIONS[section] as readonly string[]).includes(p.role));
