import { createHash, randomBytes } from 'node:crypto';

/** Bearer tokens are stored only as SHA-256 hashes: a leaked table does not leak credentials. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A fresh secret (session id, CSRF token, API token body): 32 random bytes, URL-safe. */
export const newSecret = () => randomBytes(32).toString('base64url');

/** Personal API tokens carry a prefix, so a leaked one is recognisable in logs and by secret scanners. */
export const newApiToken = () => `tantou_${newSecret()}`;
