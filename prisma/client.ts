import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';

/**
 * A new connection that PostgreSQL has not answered by then fails (pg waits forever by default): a
 * database that hangs or drops packets makes a request fail within this bound (503), not hang.
 */
export const DB_CONNECT_TIMEOUT_MS = 5_000;

/** Prisma on the pg driver adapter: no native query engine, the same code on a managed PostgreSQL. */
export const createDb = (databaseUrl: string, { connectTimeoutMs = DB_CONNECT_TIMEOUT_MS } = {}) =>
  new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, connectionTimeoutMillis: connectTimeoutMs }) });
