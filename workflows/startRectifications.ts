import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { rectificationWorkflowId } from '../domain/ids';
import type { RectificationInput } from './messages';
import { rectification } from './rectification';
import { PROCESS_KINDS, searchKeys } from './searchAttributes';

/** Where findings were raised: everything their rectifications share. */
export type FindingOrigin = Omit<RectificationInput, 'findingId' | 'title'> & {
  /** set when the source belongs to a campaign, so TantouCampaign lists its rectifications too */
  campaignId?: string;
};

/**
 * 整改: one child per finding, outliving the process that raised it (ParentClosePolicy.ABANDON), under
 * the business id rectificationWorkflowId(findingId). Callers pass finding ids that do not depend on
 * workflowInfo(), so a replay under another workflow id starts the same children.
 */
export const startRectifications = ({ campaignId, ...origin }: FindingOrigin, findings: { id: string; title: string }[]) =>
  Promise.all(
    findings.map((finding) =>
      startChild(rectification, {
        workflowId: rectificationWorkflowId(finding.id),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: [
          { key: searchKeys.kind, value: PROCESS_KINDS.rectification },
          ...(campaignId ? [{ key: searchKeys.campaign, value: campaignId }] : []),
          { key: searchKeys.groups, value: [origin.groupId] },
          { key: searchKeys.unit, value: origin.unitId },
          { key: searchKeys.state, value: 'awaiting_plan' },
        ],
        args: [
          {
            findingId: finding.id,
            unitId: origin.unitId,
            groupId: origin.groupId,
            title: finding.title,
            source: origin.source,
            planDue: origin.planDue,
            topic: origin.topic,
            commissionLeaderId: origin.commissionLeaderId,
          },
        ],
      }),
    ),
  );
