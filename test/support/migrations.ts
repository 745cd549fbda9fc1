// A scratch database migrated up to the migration before the one under test, so that test can write rows
// in the old shape and run its migration on them as plain SQL, the way `prisma migrate deploy` does.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { adminQuery, withDb } from './db';

const MIGRATIONS = path.join(__dirname, '..', '..', 'prisma', 'migrations');
const sql = (name: string) => readFileSync(path.join(MIGRATIONS, name, 'migration.sql'), 'utf8');

/** Registers beforeAll/afterAll for the file; `query` runs on the scratch database, `migrate` runs `migration` itself. */
export function databaseBefore(migration: string) {
  let client: pg.Client | undefined;
  const name = `tantou_m${migration.slice(0, 14)}_${process.pid}`;
  beforeAll(async () => {
    const adminUrl = process.env.TEST_PG_ADMIN_URL!;
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    client = new pg.Client({ connectionString: withDb(adminUrl, name) });
    await client.connect();
    const before = readdirSync(MIGRATIONS).filter((m) => /^\d/.test(m) && m < migration).sort();
    for (const m of before) await client.query(sql(m));
  });
  afterAll(async () => {
    await client?.end();
    await adminQuery(process.env.TEST_PG_ADMIN_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  const query = (text: string) => client!.query(text);
  return { query, migrate: () => query(sql(migration)) };
}
