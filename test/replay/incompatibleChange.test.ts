import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { recordedHistories } from '../support/histories';

// The replay gate (replay.test.ts) is what stands between a deploy and running workflows: here it is
// shown to catch what it must. The same change to the unit inspection, a timer before its first
// step, is bundled twice: as it would be written carelessly, the recorded histories of running
// inspections fail to replay; behind patched(), as the rule asks, they replay. `npm run chaos` runs
// this file as its row for "an incompatible workflow change over running workflows".
const ENTRY = /(export async function unitInspection\([^)]*\)[^{]*\{)/;
const PATCH_ID = 'chaos-incompatible-change';
const CHANGES = {
  unguarded: "\n  await __changed.sleep('1 second');",
  patched: `\n  if (__changed.patched('${PATCH_ID}')) await __changed.sleep('1 second');`,
};

const histories = recordedHistories().filter(({ folder, file }) => folder === 'live' && file.startsWith('unitInspection-'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'tantou-change-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A webpack loader that rewrites workflows/unitInspection.ts in the bundle only: the source tree is untouched. */
function loaderFile(): string {
  const file = path.join(dir, 'change-loader.js');
  writeFileSync(file, `module.exports = function (source) {
  const { entry, change } = this.getOptions();
  const re = new RegExp(entry);
  if (!re.test(source)) throw new Error('the unit inspection workflow entry moved: update ENTRY');
  return "import * as __changed from '@temporalio/workflow';\\n" + source.replace(re, (m) => m + change);
};\n`);
  return file;
}

const bundleWith = (change: string) =>
  bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    webpackConfigHook: (config) => {
      const rule = { test: /workflows[\\/]unitInspection\.ts$/, enforce: 'pre' as const, use: [{ loader: loaderFile(), options: { entry: ENTRY.source, change } }] };
      return { ...config, module: { ...config.module, rules: [...(config.module?.rules ?? []), rule] } };
    },
  });

const replay = async (change: string) => {
  const workflowBundle = await bundleWith(change);
  return Promise.allSettled(histories.map(({ file, history }) => Worker.runReplayHistory({ workflowBundle }, historyFromJSON(history), (history as { workflowId?: string }).workflowId ?? file)));
};

it('has recorded histories of unit inspections to replay', () => {
  expect(histories.length).toBeGreaterThan(0);
});

it('fails the replay of every recorded unit inspection when the change is not guarded', async () => {
  const results = await replay(CHANGES.unguarded);
  expect(results.map((r) => r.status === 'rejected' && r.reason instanceof DeterminismViolationError)).toEqual(histories.map(() => true));
});

it('replays every recorded unit inspection when the change is behind patched()', async () => {
  const results = await replay(CHANGES.patched);
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
});
