import { AmendYearBody, CalendarPreview, CalendarYearDetail, CalendarYearList, CalendarYearParams, DryRunQuery, HolidayNoticeBody, StoredYear } from '../schemas/calendar';
import * as calendar from '../services/calendar';
import { route } from './table';

const INVALID = {
  description: 'the notice has errors (days outside the year, overlapping periods, a make-up day that is no Saturday or Sunday or falls in a holiday): `errors` names each by path; warnings never refuse',
  kinds: ['invalid-holiday-notice'],
};

/** The answer of a change: stored (201), or a dry run's preview (200), told apart by what they carry. */
const stored = (r: StoredYear | CalendarPreview): r is StoredYear => 'version' in r;

const WHAT_A_CHANGE_DOES =
  'Stores the version and its audit entry in one transaction, then starts the calendarChange workflow, which tells every running process ' +
  '(parked ones plan their deadline and go on, running deadlines are re-planned). If Temporal cannot be reached the version stays stored and ' +
  'the answer is still 201 with `announced: null`: the daily calendar watch announces it later. With `?dryRun=true` nothing is stored: 200 with the ' +
  'working days of the year, the running deadlines that would move and the parked processes that would resume (503 when Temporal does not list them).';

/** What entering and amending answer alike: the version stored (201), or a dry run's preview (200). */
const changeAnswer = (storedAs: string) => ({
  description: WHAT_A_CHANGE_DOES,
  response: {
    status: 201 as const,
    description: `${storedAs} (Location: the year)`,
    schema: StoredYear,
    alternative: { status: 200 as const, description: 'dry run: nothing stored', schema: CalendarPreview },
  },
  callsTemporal: true as const,
  statusOf: (r: StoredYear | CalendarPreview) => (stored(r) ? 201 : 200),
  location: (r: StoredYear | CalendarPreview) => (stored(r) ? `/calendar/years/${r.year}` : undefined),
});

/** 节假日安排: the calendar in force, year by year. Any signed-in person reads it (it is public law); commission staff enter and amend it. */
export const calendarRoutes = [
  route({
    method: 'get',
    path: '/calendar/years',
    summary: '节假日安排年度列表 each year the calendar in force has, where it comes from (bundled, file, entered) and its working days; this or next year if missing',
    response: { status: 200, description: 'the years', schema: CalendarYearList },
    run: (ctx) => calendar.listCalendarYears(ctx),
  }),
  route({
    method: 'post',
    path: '/calendar/years',
    summary: '录入年度节假日安排 enter a year that has no data yet (a year in force is amended instead); ?dryRun=true previews',
    roles: ['STAFF'],
    query: DryRunQuery,
    body: HolidayNoticeBody,
    ...changeAnswer('stored as version 1'),
    refusals: {
      409: { description: 'the year already has data (bundled, file or entered): amend it; or another entry of it was stored at the same moment', kinds: ['calendar-year-exists', 'retry'] },
      422: INVALID,
    },
    run: (ctx, { actor, query, body, requestId }) => calendar.enterCalendarYear(ctx, body, { actor, requestId, dryRun: query.dryRun }),
  }),
  route({
    method: 'get',
    path: '/calendar/years/{year}',
    summary: '年度节假日安排 the year in force (holiday periods, 调休 working days, working days, source) and every version entered, with who and when',
    params: CalendarYearParams,
    response: { status: 200, description: 'the year', schema: CalendarYearDetail },
    refusals: { 404: 'no data for the year anywhere' },
    run: (ctx, { params }) => calendar.calendarYearDetail(ctx, params.year),
  }),
  route({
    method: 'post',
    path: '/calendar/years/{year}/amendments',
    summary: '修订年度节假日安排 amend a year in force: the whole year as amended and the reason, stored as the next version; ?dryRun=true previews',
    roles: ['STAFF'],
    params: CalendarYearParams,
    query: DryRunQuery,
    body: AmendYearBody,
    ...changeAnswer('stored as the next version'),
    refusals: {
      409: { description: 'the year has no data to amend: enter it; or another version was stored at the same moment (read the year again and retry)', kinds: ['calendar-year-missing', 'retry'] },
      422: { description: `${INVALID.description}; or the notice's year is not the path's`, kinds: ['invalid-holiday-notice', 'year-mismatch'] },
    },
    run: (ctx, { actor, params, query, body, requestId }) => calendar.amendCalendarYear(ctx, params.year, body, { actor, requestId, dryRun: query.dryRun }),
  }),
];
