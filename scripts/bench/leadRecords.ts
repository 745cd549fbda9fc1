// B5's ledger and statistics: SYNTHETIC rows, inserted by SQL as scripts/bench/openItems.ts does (no
// workflow behind them, every id and text saying 合成 / synth): 10,000 leads and 50,000 measures.
import { randomBytes } from 'node:crypto';
import { MEASURE_KIND_KEYS, MEASURE_KINDS } from '../../domain/fourForms';
import { syntheticDeadline } from './openItems';
import { seedGroup, type Db } from './stack';

export interface LeadRecords {
  leads: number;
  measures: number;
  /** talk inquiries awaiting their reply, of as many accepted leads */
  inquiries: number;
  /** the Shanghai year the measures were held in (a day each, round the year) */
  year: number;
}

const UNITS = 400;

/**
 * 10,000 leads of one group's 400 units (a third past their acceptance deadline, half accepted, every
 * fourth accepted one awaiting a talk inquiry's reply) and 50,000 measures over a year, every kind in
 * turn: what a district's ledger and a year's statistics read.
 */
export async function seedLeadRecords(db: Db, leads = 10_000, measures = 50_000, year = new Date().getUTCFullYear()): Promise<LeadRecords> {
  const group = await seedGroup(db, UNITS);
  const tag = randomBytes(3).toString('hex');
  const unitOf = (i: string) => `'${group}-u' || (${i} % ${UNITS})`;
  const [, , inquiries] = await db.$transaction([
    db.$executeRawUnsafe(
      `INSERT INTO "Lead" (id, number, "workflowId", "sourceKind", channel, "unitId", "groupId", "personsConcerned", summary, "handlerId", "registeredById",
                           state, "receivedAt", "acceptanceDueAt", "acceptanceRule", "updatedAt")
       SELECT n, n, 'lead/' || n, 'complaint', 'letter', ${unitOf('i')}, $2, '[{"name":"合成被反映人"}]', '合成线索 ' || i, 'staff-li', 'staff-li',
              CASE WHEN i % 2 = 0 THEN 'registered' ELSE 'accepted' END, now() - interval '7 days', ${syntheticDeadline('i', 3)}, '{}', now()
       FROM generate_series(0, ${leads - 1}) i, LATERAL (SELECT 'XS-SYNTH-' || $1 || '-' || lpad(i::text, 5, '0') AS n) id`,
      tag,
      group,
    ),
    db.$executeRawUnsafe(
      `INSERT INTO "Measure" (id, kind, form, "personName", "personKey", "unitId", "groupId", "heldOn", "heldById", reason, "sourceKind", "recordedById")
       SELECT 'CS-SYNTH-' || $1 || '-' || i, ($3::text[])[i % ${MEASURE_KIND_KEYS.length} + 1], ($4::int[])[i % ${MEASURE_KIND_KEYS.length} + 1],
              '合成人员 ' || (i % 5000), ${unitOf('i')} || '/合成人员 ' || (i % 5000), ${unitOf('i')}, $2,
              make_date(${year}, 1, 1) + (i % 365), 'staff-li', '合成措施', 'routineSupervision', 'staff-li'
       FROM generate_series(0, ${measures - 1}) i`,
      tag,
      group,
      MEASURE_KIND_KEYS,
      MEASURE_KIND_KEYS.map((k) => MEASURE_KINDS[k].form),
    ),
    // every fourth accepted lead under 谈话函询, its written reply awaited (a third of those past due): the ledger colours them too
    db.$executeRawUnsafe(
      `INSERT INTO "TalkInquiry" ("leadId", "workflowId", number, "unitId", "groupId", "handlerId", state, "replyDueAt", "updatedAt")
       SELECT l.id, 'talk-inquiry/' || l.id, l.number, l."unitId", l."groupId", l."handlerId", 'awaiting_reply', ${syntheticDeadline('i', 3)}, now()
       FROM (SELECT l.*, row_number() OVER (ORDER BY l.id) AS i FROM "Lead" l WHERE l.id LIKE 'XS-SYNTH-' || $1 || '-%' AND l.state = 'accepted') l
       WHERE l.i % 4 = 0`,
      tag,
    ),
  ]);
  return { leads, measures, inquiries, year };
}
