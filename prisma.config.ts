// prisma.config.ts — Prisma 6.19.x fully offline: the bundled WASM schema engine talks to
// PostgreSQL through @prisma/adapter-pg (no native engine binaries needed).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

const url = process.env.DATABASE_URL ?? '';
// Shadow database for `migrate dev` / `migrate diff --from-migrations`: DROPped and re-CREATEd
// (WITH (FORCE), PostgreSQL >= 13, needs CREATEDB) on every use, so it must be a dedicated database.
// Default: <main db>_prisma_shadow on the same server. (schema `shadowDatabaseUrl`, config
// `datasource.shadowDatabaseUrl` and --shadow-database-url are ignored/refused with an adapter.)
const shadowUrl = () => process.env.SHADOW_DATABASE_URL ??
  (() => { const u = new URL(url); u.pathname += '_prisma_shadow'; return u.toString(); })();

// ---- Workaround for prisma/orm#27403 -------------------------------------------------------
// The WASM schema engine's catalog queries return columns of type `name` (oid 19), `name[]` (1003)
// and `"char"` (oid 18). @prisma/adapter-pg 6.19 rejects them ("Column type 'name' could not be
// deserialized from the database" / "Column type 'char' ..."). Rewrite the type oid in pg's
// RowDescription before pg builds the result: name -> text, name[] -> text[], "char" -> text, and
// remember the "char" columns so the adapter reports them as ColumnType Character (the engine reads
// e.g. pg_constraint.contype with get_expect_char(); Text there panics the WASM: "unreachable").
const OID_REWRITE: Record<number, number> = { 19: 25, 1003: 1009, 18: 25 };
const CHAR_COLS = Symbol.for('prisma-shim.charCols');
const SHIMMED = Symbol.for('prisma-shim.patched');
// The untyped internals the shim touches: pg's Query (not in @types/pg) and adapter-pg's PgQueryable.
type RowDescription = { fields: { dataTypeID: number }[] };
type Rows = unknown[] & { [CHAR_COLS]?: number[] };
interface PgQueryProto {
  [SHIMMED]?: true;
  _result: { rows: Rows };
  handleRowDescription: (this: PgQueryProto, msg: RowDescription) => unknown;
}
interface QueryableProto {
  [SHIMMED]?: true;
  queryRaw: (this: QueryableProto, query: unknown) => Promise<{ rows: Rows; columnTypes: number[] }>;
}
const Query = (pg as unknown as { Query: { prototype: PgQueryProto } }).Query;
if (!Query.prototype[SHIMMED]) {
  const orig = Query.prototype.handleRowDescription;
  Query.prototype.handleRowDescription = function (msg) {
    const charCols: number[] = [];
    msg.fields.forEach((f, i) => {
      if (f.dataTypeID === 18) charCols.push(i);
      const to = OID_REWRITE[f.dataTypeID];
      if (to) f.dataTypeID = to;
    });
    const ret = orig.call(this, msg);
    if (charCols.length) this._result.rows[CHAR_COLS] = charCols;
    return ret;
  };
  Query.prototype[SHIMMED] = true;
}
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils
function patchQueryable(adapter: object) {
  // PrismaPgAdapter and PgTransaction both inherit queryRaw from PgQueryable (not exported).
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as QueryableProto;
  if (proto[SHIMMED]) return;
  const orig = proto.queryRaw;
  proto.queryRaw = async function (query) {
    const res = await orig.call(this, query);
    for (const i of res.rows[CHAR_COLS] ?? []) res.columnTypes[i] = COLUMN_TYPE_CHARACTER;
    return res;
  };
  proto[SHIMMED] = true;
}

// ---- Replacement for adapter-pg 6.19's broken connectToShadowDb() --------------------------
// Stock version: with a connectionString it ignores the shadow DB name and runs on the MAIN database
// (P3006 "type ... already exists"); with discrete params it DROPs the shadow DB before closing its
// pool ("database ... is being accessed by other users").
class PrismaPgForMigrate extends PrismaPg {
  async connect() {
    const adapter = await super.connect();
    patchQueryable(adapter);
    return adapter;
  }
  async connectToShadowDb() {
    const target = new URL(shadowUrl());
    const ident = pg.Client.prototype.escapeIdentifier(decodeURIComponent(target.pathname.slice(1)));
    const admin = async (sql: string) => {
      const u = new URL(target);
      u.pathname = '/postgres';
      const c = new pg.Client({ connectionString: u.toString() });
      await c.connect();
      try { await c.query(sql); } finally { await c.end(); }
    };
    await admin(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${ident}`);
    const adapter = await new PrismaPgForMigrate({ connectionString: target.toString(), allowExitOnIdle: true }).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose(); // close the shadow pool first, then drop it
      await admin(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    };
    return adapter;
  }
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  engine: 'js',
  experimental: { adapter: true },
  // allowExitOnIdle: without it every CLI command waits for pg's 10 s idle timeout before exiting.
  adapter: async () => {
    if (!url) throw new Error('DATABASE_URL is not set');
    return new PrismaPgForMigrate({ connectionString: url, allowExitOnIdle: true });
  },
});
