import { InspectionDetail, InspectionParams, InspectionWorkflowView, ReviewReportBody, SubmitReportBody } from '../schemas/inspections';
import { inspectionDetail, reviewReport, submitReport } from '../services/inspections';
import { STATE_CONFLICT } from './refusals';
import { route } from './table';

/** 单位自查: one unit's inspection within a campaign; which unit an actor may act on is checked in the services. */
export const inspectionRoutes = [
  route({
    method: 'get',
    path: '/inspections/{campaignId}/{unitId}',
    summary: '单位自查详情 one unit’s inspection with its submissions, reviews and findings',
    scope: 'unit',
    params: InspectionParams,
    response: { status: 200, description: 'the inspection', schema: InspectionDetail },
    refusals: { 404: 'no such campaign or unit, or not visible to the caller' },
    run: (ctx, { actor, params }) => inspectionDetail(ctx, actor, params.campaignId, params.unitId),
  }),
  route({
    method: 'post',
    path: '/inspections/{campaignId}/{unitId}/report',
    summary: '提交自查报告 submit the self-inspection report (the unit’s own contact)',
    scope: 'party',
    roles: ['UNIT_CONTACT'],
    params: InspectionParams,
    body: SubmitReportBody,
    response: { status: 200, description: 'submitted, under review', schema: InspectionWorkflowView },
    callsTemporal: true,
    refusals: { 403: 'the contact of another unit', 404: 'no such campaign or unit in it', 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => submitReport(ctx, actor, params.campaignId, params.unitId, body.content),
  }),
  route({
    method: 'post',
    path: '/inspections/{campaignId}/{unitId}/review',
    summary: '审核自查报告 accept (with findings) or return with a new deadline (the unit’s stationed group)',
    scope: 'party',
    roles: ['GROUP_LEADER', 'GROUP_MEMBER'],
    params: InspectionParams,
    body: ReviewReportBody,
    response: { status: 200, description: 'reviewed', schema: InspectionWorkflowView },
    callsTemporal: true,
    refusals: {
      403: 'a group other than the unit’s',
      404: 'no such campaign or unit in it',
      409: STATE_CONFLICT,
      422: { description: 'new deadline in the past or in a year without holiday data', kinds: ['deadline-in-past', 'calendar-data-missing'] },
    },
    run: (ctx, { actor, params, body }) => reviewReport(ctx, actor, params.campaignId, params.unitId, body),
  }),
];
