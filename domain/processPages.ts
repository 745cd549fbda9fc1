/**
 * 办理入口: the API page of one process, as its emails name it (`process.actPath`, e.g.
 * `/rectifications/<findingId>`), and the console link that opens the recipient's step in it. Read
 * by the mail activity (which link to write) and by GET /me/tasks?process= (which steps the link means).
 */

/** The processes with a page of their own; a unit inspection's emails name its campaign's page. */
export const PROCESS_PAGES = {
  campaign: '/campaigns/',
  rectification: '/rectifications/',
  routineRun: '/routine-runs/',
  surpriseCheck: '/surprise-checks/',
  targetedAudit: '/targeted-audits/',
  selfSupervisionTurn: '/self-supervision-turns/',
  lead: '/leads/',
  talkInquiry: '/talk-inquiries/',
  preliminaryCheck: '/preliminary-checks/',
  case: '/cases/',
  clearance: '/clearances/',
} as const;
export type ProcessPageKind = keyof typeof PROCESS_PAGES;

/** The process a page path names (its one URL-encoded segment decoded); null for any other path. */
export function processOfPage(path: string): { kind: ProcessPageKind; id: string } | null {
  for (const [kind, prefix] of Object.entries(PROCESS_PAGES) as [ProcessPageKind, string][]) {
    const segment = path.startsWith(prefix) ? path.slice(prefix.length) : '';
    if (!segment || segment.includes('/')) continue;
    try {
      return { kind, id: decodeURIComponent(segment) };
    } catch {
      return null;
    }
  }
  return null;
}

/** The console's entry for an email's page: it finds the reader's open step there after sign-in (web/src/pages/Open.tsx). */
export const consoleLinkOf = (publicBaseUrl: string, actPath: string): string | null =>
  processOfPage(actPath) ? `${publicBaseUrl}/console/open?path=${encodeURIComponent(actPath)}` : null;
