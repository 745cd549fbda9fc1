/** 靶向督查's templates, with the zh-CN name people read (the steps are in targetedAudits.ts). */
export const AUDIT_TEMPLATES = {
  finance: '财务制度执行',
  inspection_tour: '巡察整改',
  exam_discipline: '考风考纪',
  disciplined_staff: '受处分人员管理教育',
  democratic_life: '民主生活会',
} as const;
export type AuditTemplate = keyof typeof AUDIT_TEMPLATES;
