// Recorded workflow histories for the replay test. `RECORD_HISTORIES=1 npm test -- test/workflows`
// rewrites them from the current code; commit them when a workflow changes on purpose (and keep the
// old ones that running workflows may still have: that is what patching protects).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // the workflow id is kept beside the events (unknown fields are ignored when parsed): a replay
  // under the id it ran with derives the same child ids, e.g. a routine run's findings'
  const history = JSON.parse(historyToJSON(await handle.fetchHistory()));
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), JSON.stringify({ workflowId: handle.workflowId, ...history }, null, 2));
}

export const recordedHistories = () =>
  readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, history: JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as unknown }));
