import type { Role } from '../../domain/roles';
import { ListMeasuresQuery, MeasurePage, MeasureParams, MeasureView, RecordMeasureBody } from '../schemas/measures';
import { getMeasure, listMeasures, recordMeasure } from '../services/measures';
import { route } from './table';

const RECORDERS: Role[] = ['STAFF', 'COMMISSION_LEADER', 'GROUP_LEADER', 'GROUP_MEMBER'];
/** and a unit's 一把手, for their own unit (api/services/measures.ts measureReadableUnits says why) */
const READERS: Role[] = [...RECORDERS, 'UNIT_LEADER'];

/** 措施: talks, criticisms, admonishments and sanctions as records, each under its form (四种形态). */
export const measureRoutes = [
  route({
    method: 'post',
    path: '/measures',
    summary: '记录措施 record one talk, criticism, admonishment or sanction given to one person; a correction names the record it supersedes',
    description:
      'The form it counts under follows from its kind (domain/fourForms.ts). A stationed group records for the units it supervises now; ' +
      'a correction (`supersedes`) keeps the old record, marked and no longer counted. Both are in the audit log (`measure.recorded`, `measure.superseded`).',
    roles: RECORDERS,
    body: RecordMeasureBody,
    response: { status: 201, description: 'the measure as recorded', schema: MeasureView },
    refusals: {
      403: 'a stationed group recording for a unit it does not supervise',
      409: { description: 'the record named in `supersedes` was already corrected', kinds: ['measure-superseded'] },
      422: {
        description: 'an unknown unit, person, holder, source or record to correct; or a day after today',
        kinds: ['unknown-unit', 'unknown-reference', 'unknown-measure', 'held-in-future'],
      },
    },
    run: (ctx, { actor, body, requestId }) => recordMeasure(ctx, body, { actor, requestId }),
    location: (m) => `/measures/${m.id}`,
  }),
  route({
    method: 'get',
    path: '/measures',
    summary: '措施台账 the measures of the caller’s units, newest first, by kind, form, unit, group, period (Shanghai days) and source',
    description: 'A unit’s 一把手 reads their own unit’s; its contact and other leadership members none (a measure is about one person).',
    roles: READERS,
    query: ListMeasuresQuery,
    response: { status: 200, description: 'a page of measures', schema: MeasurePage },
    run: (ctx, { actor, query }) => listMeasures(ctx, actor, query),
  }),
  route({
    method: 'get',
    path: '/measures/{id}',
    summary: '措施详情 one measure',
    roles: READERS,
    scope: 'unit',
    params: MeasureParams,
    response: { status: 200, description: 'the measure', schema: MeasureView },
    refusals: { 404: 'no such measure, or one of a unit the caller does not reach' },
    run: (ctx, { actor, params }) => getMeasure(ctx, actor, params.id),
  }),
];
