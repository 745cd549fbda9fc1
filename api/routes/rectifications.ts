import type { Role } from '../../domain/roles';
import type { z } from '../schemas/zod';
import {
  DecideAcceptanceBody,
  RequestExtensionBody,
  DecideExtensionBody,
  ListRectificationsQuery,
  ReviewPlanBody,
  ReportProgressBody,
  RectificationDetail,
  RectificationList,
  RectificationParams,
  RectificationWorkflowView,
  RecordRevisitBody,
  SubmitPlanBody,
} from '../schemas/rectifications';
import * as rectifications from '../services/rectifications';
import type { ApiContext } from '../context';
import type { Actor } from '../../domain/roles';
import type { RectificationView } from '../../workflows/messages';
import { STATE_CONFLICT } from './refusals';
import { route } from './table';

const CONTACT: Role[] = ['UNIT_CONTACT'];
const GROUP: Role[] = ['GROUP_LEADER', 'GROUP_MEMBER'];

/** One act on a rectification: a POST on `/rectifications/{findingId}/<act>` handing its body to the use case. */
const act = <B extends z.ZodType>(
  path: string,
  summary: string,
  roles: Role[],
  body: B,
  run: (ctx: ApiContext, actor: Actor, findingId: string, body: z.output<B>) => Promise<RectificationView>,
) =>
  route({
    method: 'post',
    path: `/rectifications/{findingId}/${path}`,
    summary,
    scope: 'party',
    roles,
    params: RectificationParams,
    body,
    response: { status: 200, description: 'the rectification after the act', schema: RectificationWorkflowView },
    callsTemporal: true,
    refusals: {
      403: 'a unit or group other than the rectification’s',
      404: 'no rectification for this finding, or not visible to the caller',
      409: STATE_CONFLICT,
      422: {
        description: 'a deadline in the past, in a year without holiday data, or (extension) not later than the current one',
        kinds: ['deadline-in-past', 'calendar-data-missing', 'deadline-not-later'],
      },
    },
    run: (ctx, input) => run(ctx, input.actor, input.params.findingId, input.body as z.output<B>),
  });

/** 整改: {findingId} is ONE URL-encoded path segment (finding ids hold slashes); unit and group are checked in the services. */
export const rectificationRoutes = [
  route({
    method: 'get',
    path: '/rectifications',
    summary: '整改列表 rectifications of the units the caller may see, newest first',
    query: ListRectificationsQuery,
    response: { status: 200, description: 'rectifications', schema: RectificationList },
    run: (ctx, { actor, query }) => rectifications.listRectifications(ctx, actor, query),
  }),
  route({
    method: 'get',
    path: '/rectifications/{findingId}',
    summary: '整改详情 state, deadline, rungs sent, events and the workflow’s answer',
    scope: 'unit',
    params: RectificationParams,
    response: { status: 200, description: 'the rectification', schema: RectificationDetail },
    refusals: { 404: 'no rectification for this finding, or not visible to the caller' },
    run: (ctx, { actor, params }) => rectifications.rectificationDetail(ctx, actor, params.findingId),
  }),
  act('plan', '提交整改方案 file the plan: measures, owner, deadline (the unit’s contact)', CONTACT, SubmitPlanBody, rectifications.submitPlan),
  act('plan-review', '审核整改方案 approve, or return with a reason and a new plan due date (the unit’s group)', GROUP, ReviewPlanBody, rectifications.reviewPlan),
  act('progress', '报告整改进展 report progress; requestAcceptance asks for 验收 (the unit’s contact)', CONTACT, ReportProgressBody, rectifications.reportProgress),
  act('acceptance', '验收 accept (销号, revisit planned) or reopen with a reason (the unit’s group)', GROUP, DecideAcceptanceBody, rectifications.decideAcceptance),
  act('extension', '延期申请 ask for a later deadline, one pending at a time (the unit’s contact)', CONTACT, RequestExtensionBody, rectifications.requestExtension),
  act('extension-decision', '审批延期 grant (re-arms the deadline) or refuse with a reason', ['COMMISSION_LEADER'], DecideExtensionBody, rectifications.decideExtension),
  act('revisit', '回头看 confirm, or reopen with a reason and a new deadline (the unit’s group)', GROUP, RecordRevisitBody, rectifications.recordRevisit),
];
