import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as workflows from '../../workflows';
import { CALENDAR_CHANGES, PARK_ON_MISSING_CALENDAR } from '../../workflows/calendar';
import { EMAIL_BESIDE_THE_PROCESS } from '../../workflows/emailer';
import { recordedHistories } from '../support/histories';

// Every recorded history must replay against today's workflow code: a change that is not
// deterministic (new command order, a removed timer…) fails here instead of in production. The live
// recordings show today's code replays its own histories; the versioning evidence
// (test/histories/versioning/<patch-id>/) that workflows started before each patch still replay.
const histories = recordedHistories();
let workflowBundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
});

const typeOf = (history: unknown) => historyFromJSON(history).events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

it('has a live recorded history for every workflow type the worker runs', () => {
  const recorded = new Set(histories.filter((h) => h.folder === 'live').map(({ history }) => typeOf(history)));
  expect(Object.keys(workflows).filter((type) => !recorded.has(type))).toEqual([]);
});

it('keeps versioning evidence for every patch in the workflow code', () => {
  const dir = path.resolve(__dirname, '..', '..', 'workflows');
  const source = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const patchIds = [...source.matchAll(/patched\('([^']+)'\)/g)].map((m) => m[1]);
  const withEvidence = new Set(histories.map((h) => h.folder));
  expect([EMAIL_BESIDE_THE_PROCESS, CALENDAR_CHANGES, PARK_ON_MISSING_CALENDAR, ...patchIds].filter((id) => !withEvidence.has(id))).toEqual([]);
});

it.each(histories.map(({ folder, file, history }) => [`${folder}/${file}`, history] as const))('replays %s without non-determinism', async (file, history) => {
  const { workflowId } = history as { workflowId?: string };
  await Worker.runReplayHistory({ workflowBundle }, historyFromJSON(history), workflowId ?? file);
});
