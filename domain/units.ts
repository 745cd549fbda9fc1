/** 单位类型: what a unit is besides supervised, as the standing risk points (三个风险点) name it. */
export const UNIT_KINDS = {
  window: '窗口单位',
  law_enforcement: '行政执法队伍',
} as const;

export type UnitKind = keyof typeof UNIT_KINDS;
