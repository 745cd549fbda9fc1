/** Roles as stored in PostgreSQL (enum Role) with the words the users say. */
export const ROLES = {
  STAFF: '委机关工作人员',
  COMMISSION_LEADER: '委领导',
  GROUP_LEADER: '派驻组组长',
  GROUP_MEMBER: '派驻组成员',
  UNIT_CONTACT: '驻在单位联络员',
  UNIT_LEADER: '驻在单位一把手',
  UNIT_MEMBER: '驻在单位班子成员',
} as const;

export type Role = keyof typeof ROLES;

/** Who is acting, as the API authenticated them; passed into workflow messages so validators re-check. */
export interface Actor {
  personId: string;
  role: Role;
  groupId?: string | null;
  unitId?: string | null;
}

export const isGroupRole = (role: Role) => role === 'GROUP_LEADER' || role === 'GROUP_MEMBER';
/** A member (or the leader) of the stationed group `groupId`. */
export const isOfGroup = (actor: Actor, groupId: string) => isGroupRole(actor.role) && actor.groupId === groupId;
/** The contact (联络员) of unit `unitId`, who files its material. */
export const isContactOf = (actor: Actor, unitId: string) => actor.role === 'UNIT_CONTACT' && actor.unitId === unitId;
/** Someone of a supervised unit: sees only that unit, and never a sealed surprise check. */
export const isUnitRole = (role: Role) => role === 'UNIT_CONTACT' || role === 'UNIT_LEADER' || role === 'UNIT_MEMBER';
/** How far a role reaches by itself: the whole commission, its stationed group's units, or its own unit. */
export const reachOf = (role: Role): 'all' | 'group' | 'unit' =>
  role === 'STAFF' || role === 'COMMISSION_LEADER' ? 'all' : isGroupRole(role) ? 'group' : 'unit';
/** The stationed groups `actor` works in, in one of `roles` (their group's member or leader by default). */
export const groupsOf = (actor: Actor, roles: readonly Role[] = ['GROUP_LEADER', 'GROUP_MEMBER']): string[] =>
  roles.includes(actor.role) && isGroupRole(actor.role) && actor.groupId ? [actor.groupId] : [];
/** The units where `actor` holds the unit role `role` (the contact of, the 一把手 of, …). */
export const unitsOf = (actor: Actor, role: Role): string[] => (actor.role === role && isUnitRole(role) && actor.unitId ? [actor.unitId] : []);
/** `actor` holds `role` (a role without a group or unit: STAFF, COMMISSION_LEADER). */
export const hasRole = (actor: Actor, role: Role): boolean => actor.role === role;
