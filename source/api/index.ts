/** The object model: re-exports for the other rooms. */
export * from './meta.js';
export * from './core.js';
export * from './workloads.js';
export * from './cluster-kinds.js';
export * from './kubedrill-kinds.js';
export * from './kinds.js';
export * from './quantity.js';
export * from './selectors.js';
export * from './errors.js';
