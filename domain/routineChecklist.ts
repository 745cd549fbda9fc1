/**
 * The checklist of a routine supervision run (常态监督): the five entry points (五个切入点) of
 * DOMAIN.md, the content point split into its four items, each with the words the group uses.
 */
export const ROUTINE_CHECKLIST = {
  key_minority: '关键少数（一把手）',
  main_responsibility: '主体责任',
  clean_government: '党风廉政建设',
  major_decisions: '“三重一大”事项',
  integrity_risks: '廉政风险点防控',
  rectification: '整改落实',
  one_post_two_duties: '一岗双责',
} as const;
export type RoutineChecklistItem = keyof typeof ROUTINE_CHECKLIST;

export const ROUTINE_CHECKLIST_ITEMS = Object.keys(ROUTINE_CHECKLIST) as RoutineChecklistItem[];

export const isRoutineChecklistItem = (item: string): item is RoutineChecklistItem => Object.hasOwn(ROUTINE_CHECKLIST, item);
