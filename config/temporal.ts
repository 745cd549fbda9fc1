import { readFileSync } from 'node:fs';
import type { Config } from './index';

/** One way to reach Temporal: a local dev server, a self-hosted cluster (mTLS) or Temporal Cloud (mTLS or API key). */
export function temporalConnectionOptions(cfg: Config) {
  const tls = cfg.TEMPORAL_TLS_CERT_PATH && cfg.TEMPORAL_TLS_KEY_PATH
    ? { clientCertPair: { crt: readFileSync(cfg.TEMPORAL_TLS_CERT_PATH), key: readFileSync(cfg.TEMPORAL_TLS_KEY_PATH) } }
    : cfg.TEMPORAL_API_KEY
      ? true
      : undefined;
  return { address: cfg.TEMPORAL_ADDRESS, tls, apiKey: cfg.TEMPORAL_API_KEY } as const;
}
