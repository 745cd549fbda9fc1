import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import * as workflows from '../../workflows';
import { recordedHistories } from '../support/histories';

// Every recorded history must replay against today's workflow code: a change that is not
// deterministic (new command order, a removed timer…) fails here instead of in production.
const histories = recordedHistories();
let workflowBundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
});

it('has a recorded history for every workflow type the worker runs', () => {
  const recorded = new Set(histories.map(({ history }) => historyFromJSON(history).events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name));
  expect(Object.keys(workflows).filter((type) => !recorded.has(type))).toEqual([]);
});

it.each(histories.map(({ file, history }) => [file, history] as const))('replays %s without non-determinism', async (file, history) => {
  const { workflowId } = history as { workflowId?: string };
  await Worker.runReplayHistory({ workflowBundle }, historyFromJSON(history), workflowId ?? file);
});
