// Recorded workflow histories for the replay test. `RECORD_HISTORIES=1 npm test -- test/workflows`
// rewrites the live ones (test/histories/*.json) from the current code; commit them when a workflow
// changes on purpose. Histories of the code before a patched() call live in test/histories/versioning/
// <patch-id>/, which the recorder never writes: copy the live ones there before re-recording.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');
const VERSIONING_DIR = path.join(HISTORIES_DIR, 'versioning');

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // the workflow id is kept beside the events (unknown fields are ignored when parsed): a replay
  // under the id it ran with derives the same child ids, e.g. a routine run's findings'
  const history = JSON.parse(historyToJSON(await handle.fetchHistory()));
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), JSON.stringify({ workflowId: handle.workflowId, ...history }, null, 2));
}

const historiesIn = (dir: string, folder: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ folder, file: f, history: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown }));

/** The live recordings (folder 'live') and the versioning evidence (folder: the patch id). */
export const recordedHistories = () => [
  ...historiesIn(HISTORIES_DIR, 'live'),
  ...readdirSync(VERSIONING_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => historiesIn(path.join(VERSIONING_DIR, d.name), d.name)),
];
