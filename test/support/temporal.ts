// Temporal test servers from the binaries globalSetup provided (scripts/toolchain.ts); without them the
// SDK downloads its own (needs internet).
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { SEARCH_ATTRIBUTES } from '../../domain/searchAttributes';

// Worker lifecycle INFO lines drown the test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

const executable = (path: string | undefined) => (path ? { executable: { type: 'existing-path' as const, path } } : {});

/**
 * The SDK gives an ephemeral server a fixed 5 s to come up; on a loaded 2-core machine the Java test
 * server sometimes needs longer. Only that start-up refusal is tried again, each try on a fresh port.
 */
async function withStartRetries(start: () => Promise<TestWorkflowEnvironment>, tries = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (e) {
      if (attempt >= tries || !/did not start within/.test(String(e))) throw e;
    }
  }
}

/**
 * Java test server: timers skip ahead; no visibility (list) and no Schedules. It does take
 * AddSearchAttributes, which the workflows need: they upsert their state attribute.
 */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await withStartRetries(() => TestWorkflowEnvironment.createTimeSkipping({ server: executable(process.env.TEMPORAL_TEST_SERVER_PATH) }));
  const { IndexedValueType } = temporal.api.enums.v1;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.values(SEARCH_ATTRIBUTES).map(({ name, type }) => [
        name,
        type === 'KEYWORD_LIST' ? IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    ),
  });
  return env;
}

/** Temporal CLI dev server (in memory) with tantou's search attributes: for listing, queries and Schedules. */
export const devServerEnv = (): Promise<TestWorkflowEnvironment> =>
  withStartRetries(() =>
    TestWorkflowEnvironment.createLocal({
      server: { ...executable(process.env.TEMPORAL_CLI_PATH), searchAttributes: Object.values(SEARCH_ATTRIBUTES) },
    }),
  );
