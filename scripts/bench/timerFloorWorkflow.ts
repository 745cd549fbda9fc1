// The bench's floor workflow (not the product's): it only waits on a timer, the least a unit inspection
// does once started. Bundled by timerFloor.ts for a worker of the bench's own.
import { proxySinks, sleep, type Sinks } from '@temporalio/workflow';

export interface FloorSinks extends Sinks {
  floor: { waiting(): void };
}

const { floor } = proxySinks<FloorSinks>();

export async function benchTimerFloor(): Promise<void> {
  floor.waiting(); // called by the worker once this first workflow task's activation is done
  await sleep('1 day');
}
