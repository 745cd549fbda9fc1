import type { Role } from '../../domain/roles';
import { SpreadsheetFile } from '../schemas/registry';
import { StatisticsQuery, StatisticsRecordPage, StatisticsRecordsQuery, StatisticsReport } from '../schemas/statistics';
import { STATISTICS_SHEET, statistics, statisticsFilename, statisticsRecords, statisticsWorkbook } from '../services/statistics';
import { route } from './table';

interface StatisticsFile {
  file: Buffer;
  filename: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The commission over every unit, a stationed group over its own; units get no statistics. */
const READERS: Role[] = ['STAFF', 'COMMISSION_LEADER', 'GROUP_LEADER', 'GROUP_MEMBER'];
const SCOPE_404 = { 404: 'a group or unit the caller does not reach (or none with that id)' } as const;
const PERIOD =
  'The period is Asia/Shanghai days `from` through `to`, both counted (`from` after `to` is a 400 naming `from`). ' +
  'A stationed group counts its own units only; a measure counts under the group its unit was in when it was recorded, and not once a correction superseded it.';

/** 统计: the figures of a period in the order the commission reports them, each openable into its records. */
export const statisticsRoutes = [
  route({
    method: 'get',
    path: '/statistics',
    summary: '统计 the figures of a period (谈话提醒和廉洁谈话 人次, 批评教育 人, 诫勉 人, 四种形态 人次 and shares, supervision opened / closed / overdue), for a group or a unit',
    description: `${PERIOD} Each figure names its records (GET /statistics/records). Leads and cases come with their own sections.`,
    roles: READERS,
    query: StatisticsQuery,
    response: { status: 200, description: 'the report, as sections of figures', schema: StatisticsReport },
    refusals: SCOPE_404,
    run: (ctx, { actor, query }) => statistics(ctx, actor, query),
  }),
  route({
    method: 'get',
    path: '/statistics.xlsx',
    summary: '导出统计报表 the same report as an .xlsx for the quarterly submission',
    description: `Sheet ${STATISTICS_SHEET}: the period and scope, then one row per figure (类别, 指标, 统计口径, 数值, 占比). ${PERIOD}`,
    roles: READERS,
    query: StatisticsQuery,
    response: { status: 200, description: 'the .xlsx', schema: SpreadsheetFile, mediaType: XLSX },
    responseHeaders: {
      documented: { 'Content-Disposition': 'attachment, the file named 监督执纪统计_<from>_<to>.xlsx (RFC 5987 filename*)' },
      of: (r: StatisticsFile) => ({ 'Content-Disposition': `attachment; filename="statistics.xlsx"; filename*=UTF-8''${encodeURIComponent(r.filename)}` }),
    },
    refusals: SCOPE_404,
    run: async (ctx, { actor, query }): Promise<StatisticsFile> => ({ file: await statisticsWorkbook(ctx, actor, query), filename: statisticsFilename(query) }),
    present: (r: StatisticsFile) => r.file,
  }),
  route({
    method: 'get',
    path: '/statistics/records',
    summary: '统计明细 the records one figure counts, newest first, a page at a time',
    description: `${PERIOD} A figure in 人 lists every record of the persons it counts.`,
    roles: READERS,
    query: StatisticsRecordsQuery,
    response: { status: 200, description: 'the figure and a page of its records', schema: StatisticsRecordPage },
    refusals: SCOPE_404,
    run: (ctx, { actor, query }) => statisticsRecords(ctx, actor, query),
  }),
];
