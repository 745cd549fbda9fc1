import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__tantouTest;
  globalThis.__tantouTest = undefined;
  await state?.pg?.stop();
  if (state?.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
}
