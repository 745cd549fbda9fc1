// Actors from the demo data (prisma/seed.ts), as the API would authenticate them.
import type { Actor } from '../../domain/roles';

export const staff: Actor = { personId: 'staff-li', role: 'STAFF' };
export const leader: Actor = { personId: 'deputy', role: 'COMMISSION_LEADER' };
export const contactOf = (unitId: string): Actor => ({ personId: `${unitId}-contact`, role: 'UNIT_CONTACT', unitId });
export const memberOf = (groupId: string): Actor => ({ personId: `${groupId}-member`, role: 'GROUP_MEMBER', groupId });
