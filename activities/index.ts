import type { ActivityDeps } from './deps';
import { createMailActivities } from './mail';
import { createRecordActivities } from './records';
import { createTemporalActivities } from './temporal';

export type { ActivityDeps } from './deps';

/** All activities, built from their dependencies; workflows import only the type. */
export const createActivities = (deps: ActivityDeps) => ({
  ...createRecordActivities(deps),
  ...createMailActivities(deps),
  ...createTemporalActivities(deps),
});

export type Activities = ReturnType<typeof createActivities>;
