import { Prisma } from '@prisma/client';

/** The tables that number a year's records: 统一编号 of leads, 案件编号 of cases. */
export type YearSequence = 'LeadNumberSequence' | 'CaseNumberSequence';

/** The next place in the Shanghai year: one statement under the year's row lock, so concurrent callers never share one. */
export async function nextInYear(tx: Prisma.TransactionClient, table: YearSequence, year: number): Promise<number> {
  const t = Prisma.raw(`"${table}"`);
  const [{ last }] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO ${t} (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = ${t}.last + 1
    RETURNING last`;
  return last;
}
