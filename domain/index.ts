// Public API of the pure domain module.
export * from './errors';
export * from './types';
export * from './inputs';
export * from './county';
export * from './org';
export * from './roles';
export * from './dutyLists';
export * from './calendar';
export * from './transitions';
export * from './timeline';
export { LEVELS, LEVEL_ROLE, awaitingClaim, activeAssignment, isCaseReporter } from './table';
export * from './notifications';
export * from './classify';
export * from './dedup';
export * from './sla';
export * from './supervision';
export * from './dispatch-learning';
