/**
 * Business ids: the API, the Temporal Web UI and the `temporal` CLI name the same thing the same way.
 */
export const campaignWorkflowId = (campaignId: string) => `campaign/${campaignId}`;

export const unitInspectionWorkflowId = (campaignId: string, unitId: string) =>
  `campaign/${campaignId}/unit/${unitId}`;

/**
 * `ZX-20261127-a1b2c3`: 专项 + Shanghai launch date, readable on paper and unique enough with 24 random
 * bits. Web Crypto, not node:crypto, because workflow code imports this file too (never calling this).
 */
export const newCampaignId = (shanghaiDate: string) => {
  const hex = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `ZX-${shanghaiDate.replaceAll('-', '')}-${hex}`;
};

export const workflowUiUrl = (uiBaseUrl: string, namespace: string, workflowId: string) =>
  `${uiBaseUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;

export const rectificationWorkflowId = (findingId: string) => `rectification/${findingId}`;
