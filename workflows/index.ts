export { campaign } from './campaign';
export { unitInspection } from './unitInspection';
