// Polling for workflow tests. Its e2e sibling, `eventually` (test/e2e/stack.ts), waits for a truthy
// answer; this one waits for a probe that stops throwing, so it also fits updates that return nothing.

/** Calls `probe` until it stops throwing (a child not started yet, a row not written yet, an expect() not met yet). */
export async function untilPasses<T>(probe: () => Promise<T>, { timeoutMs = 20_000 } = {}): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
