/**
 * Custom search attributes every tantou workflow sets, so the Temporal Web UI and
 * `temporal workflow list --query "TantouKind='campaign'"` can filter processes.
 * Plain data (no Temporal import): the dev server, the test servers and the workflow code all read it.
 */
export const SEARCH_ATTRIBUTES = {
  kind: { name: 'TantouKind', type: 'KEYWORD' },
  campaign: { name: 'TantouCampaign', type: 'KEYWORD' },
  groups: { name: 'TantouGroups', type: 'KEYWORD_LIST' },
  unit: { name: 'TantouUnit', type: 'KEYWORD' },
  state: { name: 'TantouState', type: 'KEYWORD' },
} as const;

export type SearchAttributeSpec = (typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES];

/** `--search-attribute Name=Type` flags for `temporal server start-dev`. */
export const devServerSearchAttributeFlags = (): string[] =>
  Object.values(SEARCH_ATTRIBUTES).flatMap(({ name, type }) => [
    '--search-attribute',
    `${name}=${type === 'KEYWORD_LIST' ? 'KeywordList' : 'Keyword'}`,
  ]);
