/**
 * 随机抽取 for surprise checks: a seeded draw an auditor can repeat. The candidates are sorted by id
 * (code-unit order, not locale order, so every machine agrees), then a partial Fisher–Yates shuffle
 * driven by sfc32 seeded with the 128 bits of the seed picks the first `size`. Pure: same seed, same
 * candidates, same size → same units, on any machine and in any year.
 */
export const SAMPLING_ALGORITHM = 'sfc32+fisher-yates/v1';

/** 32 hex digits: the seed is 128 random bits, written down with the check. */
export const SEED_PATTERN = /^[0-9a-f]{32}$/;

/** sfc32 (Chris Doty-Humphrey's small fast counter), seeded with four 32-bit words. */
function sfc32(seed: string): () => number {
  let [a, b, c, d] = [0, 8, 16, 24].map((i) => Number.parseInt(seed.slice(i, i + 8), 16) >>> 0);
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // discard the first outputs so related seeds drift apart before they are used
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A uniform integer in [0, n): rejection sampling, so no index is favoured by modulo bias. */
function below(next: () => number, n: number): number {
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const x = next();
    if (x < limit) return x % n;
  }
}

export const byId = (ids: readonly string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The `size` units drawn from `candidates` with `seed`, in draw order. */
export function drawSample(candidates: readonly string[], size: number, seed: string): string[] {
  if (!SEED_PATTERN.test(seed)) throw new RangeError('the seed must be 32 lowercase hex digits');
  const pool = byId([...new Set(candidates)]);
  if (!Number.isInteger(size) || size < 1 || size > pool.length) {
    throw new RangeError(`cannot draw ${size} from ${pool.length} candidates`);
  }
  const next = sfc32(seed);
  for (let i = 0; i < size; i++) {
    const j = i + below(next, pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, size);
}

/** Whether `drawn` is exactly what the seed draws again (as sets: storage order does not matter). */
export const sameDraw = (drawn: readonly string[], again: readonly string[]) =>
  byId(drawn).join('\n') === byId(again).join('\n');
