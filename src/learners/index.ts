/**
 * Importing this module registers every learner. Add one import line per learner file.
 */
export * from './registry.js';
export type * from './types.js';
