import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../domain/searchAttributes';

/** Typed keys for the attributes registered from domain/searchAttributes.ts. */
export const searchKeys = {
  kind: defineSearchAttributeKey(SEARCH_ATTRIBUTES.kind.name, SearchAttributeType.KEYWORD),
  campaign: defineSearchAttributeKey(SEARCH_ATTRIBUTES.campaign.name, SearchAttributeType.KEYWORD),
  groups: defineSearchAttributeKey(SEARCH_ATTRIBUTES.groups.name, SearchAttributeType.KEYWORD_LIST),
  unit: defineSearchAttributeKey(SEARCH_ATTRIBUTES.unit.name, SearchAttributeType.KEYWORD),
  state: defineSearchAttributeKey(SEARCH_ATTRIBUTES.state.name, SearchAttributeType.KEYWORD),
};

export const PROCESS_KINDS = { campaign: 'campaign', unitInspection: 'unitInspection', surpriseCheck: 'surpriseCheck', routineRun: 'routineRun', rectification: 'rectification', holidayReminder: 'holidayReminder', targetedAudit: 'targetedAudit', selfSupervisionTurn: 'selfSupervisionTurn', lead: 'lead', preliminaryCheck: 'preliminaryCheck', talkInquiry: 'talkInquiry', case: 'case', clearance: 'clearance' } as const;
