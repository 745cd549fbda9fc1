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

/** A unit's leadership (领导班子): its 一把手, then its 班子成员. */
export const LEADERSHIP = ['UNIT_LEADER', 'UNIT_MEMBER'] as const satisfies readonly Role[];

/** One role held over its scope: the group of a group role, the unit of a unit role, none otherwise. */
export interface Held {
  role: Role;
  groupId?: string | null;
  unitId?: string | null;
}

/**
 * Who is acting, as the API authenticated them: the postings (任职) they hold today. Passed into workflow
 * messages so validators re-check. Messages recorded before postings carry one role in `role`,
 * `groupId` and `unitId` instead; every helper below reads both (heldBy).
 */
export interface Actor extends Partial<Held> {
  personId: string;
  postings?: Held[];
  /**
   * The stationed group the API found the acted-on unit in when it sent the message. A unit moved to
   * another group mid-process is acted on by its new group, though the process started with the old one.
   */
  unitGroupId?: string;
}

/** The roles `actor` holds now, each over its scope. */
export const heldBy = (actor: Actor): Held[] => actor.postings ?? (actor.role ? [{ role: actor.role, groupId: actor.groupId, unitId: actor.unitId }] : []);

export const isGroupRole = (role: Role) => role === 'GROUP_LEADER' || role === 'GROUP_MEMBER';
/** Someone of a supervised unit: sees only that unit, and never a sealed surprise check. */
export const isUnitRole = (role: Role) => role === 'UNIT_CONTACT' || role === 'UNIT_LEADER' || role === 'UNIT_MEMBER';
/** A post one person holds at a time: a new holder takes it over (交接) from the one before. */
export const isSingleHolder = (role: Role) => role === 'UNIT_LEADER' || role === 'UNIT_CONTACT' || role === 'GROUP_LEADER';
/** How far a role reaches by itself: the whole commission, its stationed group's units, or its own unit. */
export const reachOf = (role: Role): 'all' | 'group' | 'unit' =>
  role === 'STAFF' || role === 'COMMISSION_LEADER' ? 'all' : isGroupRole(role) ? 'group' : 'unit';

/** `actor` holds `role` (over any scope). */
export const hasRole = (actor: Actor, role: Role): boolean => heldBy(actor).some((h) => h.role === role);
/** `actor` holds one of `roles`. */
export const hasAnyRole = (actor: Actor, roles: readonly Role[]): boolean => heldBy(actor).some((h) => roles.includes(h.role));
/** Every role `actor` holds is a unit's: they see their units only, and never a sealed surprise check. */
export const onlyUnitRoles = (actor: Actor): boolean => heldBy(actor).every((h) => isUnitRole(h.role));
/** STAFF or a commission leader: sees every unit. */
export const seesEverything = (actor: Actor): boolean => hasAnyRole(actor, ['STAFF', 'COMMISSION_LEADER']);

/** The stationed groups `actor` works in, in one of `roles` (their group's member or leader by default). */
export const groupsOf = (actor: Actor, roles: readonly Role[] = ['GROUP_LEADER', 'GROUP_MEMBER']): string[] =>
  heldBy(actor).flatMap((h) => (roles.includes(h.role) && isGroupRole(h.role) && h.groupId ? [h.groupId] : []));
/** The units where `actor` holds the unit role `role` (the contact of, the 一把手 of, …). */
export const unitsOf = (actor: Actor, role: Role): string[] =>
  heldBy(actor).flatMap((h) => (h.role === role && isUnitRole(role) && h.unitId ? [h.unitId] : []));
/** The units `actor` belongs to in any unit role. */
export const ownUnitsOf = (actor: Actor): string[] => heldBy(actor).flatMap((h) => (isUnitRole(h.role) && h.unitId ? [h.unitId] : []));

/** A member (or the leader) of the stationed group `groupId`. */
export const isOfGroup = (actor: Actor, groupId: string) => groupsOf(actor).includes(groupId);
/** Of the acted-on unit's stationed group: the one the API found it in, else the one the process started with. */
export const isOfUnitGroup = (actor: Actor, startedWith: string) => isOfGroup(actor, actor.unitGroupId ?? startedWith);
/** The leader (组长) of the acted-on unit's stationed group. */
export const isLeaderOfUnitGroup = (actor: Actor, startedWith: string) => groupsOf(actor, ['GROUP_LEADER']).includes(actor.unitGroupId ?? startedWith);
/** The contact (联络员) of unit `unitId`, who files its material. */
export const isContactOf = (actor: Actor, unitId: string) => unitsOf(actor, 'UNIT_CONTACT').includes(unitId);
