// R_timer: the rate at which this stack gets workflows to wait on their first timer when the workflow
// does nothing else, started as the fan-out starts unit inspections (a client of the worker's process,
// the same number in flight). B1's ratio to it is what tantou's own work per unit costs.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode, type InjectedSinks } from '@temporalio/worker';
import type { FloorSinks } from './timerFloorWorkflow';

// the bench's table, not the worker's life: only warnings (the bench process has no other worker)
const warnings = new DefaultLogger('WARN');
Runtime.install({ logger: warnings });

/** Workflows per second, from the first start until `n` wait on their timer (left waiting: the bench's data folder is wiped each run). */
export async function timerFloorRate(address: string, n: number, inFlight: number): Promise<number> {
  const taskQueue = `bench-floor-${randomBytes(3).toString('hex')}`;
  let waiting = 0;
  let allWaiting: () => void = () => undefined;
  const everyOne = new Promise<void>((resolve) => (allWaiting = resolve));
  const sinks: InjectedSinks<FloorSinks> = {
    floor: {
      waiting: {
        fn: () => {
          if (++waiting === n) allWaiting();
        },
        callDuringReplay: false,
      },
    },
  };
  const connection = await NativeConnection.connect({ address });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./timerFloorWorkflow'), logger: warnings });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle, sinks });
  const client = new Client({ connection: await Connection.connect({ address }) });
  try {
    return await worker.runUntil(async () => {
      let next = 0;
      const t0 = performance.now();
      const lane = async () => {
        while (next < n) {
          const workflowId = `${taskQueue}/${next++}`;
          await client.workflow.start('benchTimerFloor', { taskQueue, workflowId });
        }
      };
      await Promise.all(Array.from({ length: inFlight }, lane));
      await everyOne;
      return n / ((performance.now() - t0) / 1000);
    });
  } finally {
    await Promise.all([connection.close(), client.connection.close()]);
  }
}
