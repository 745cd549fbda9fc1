import { createHash } from 'node:crypto';

/** Bearer tokens are stored only as SHA-256 hashes: a leaked table does not leak credentials. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
