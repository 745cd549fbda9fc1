import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';

/** The worker: every workflow in workflows/ and every activity from createActivities. Tests build it the same way. */
export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  tune?: Partial<WorkerOptions>;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    // a prebuilt bundle (tests build it once per file) or the workflows folder, bundled here
    ...(opts.tune?.workflowBundle ? {} : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities(opts.deps),
    ...opts.tune,
  });
}
