// A fresh database per test file, cloned from `tantou_template` (migrated once in globalSetup):
// CREATE DATABASE ... TEMPLATE copies files, far faster than running the migrations again.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEMPLATE_DB = 'tantou_template';

export function withDb(serverUrl: string, db: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error('TEST_PG_ADMIN_URL is not set: run the tests with `npm test` (its globalSetup starts PostgreSQL)');
  const name = `tantou_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  return {
    url: withDb(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`), // FORCE: a leaked pool must not block it
  };
}
