export type * from './types.js';
export { ListedResults } from './listedResults.js';
export * from './estimate/index.js';
export * from './history/index.js';
export * from './world/index.js';
export * from './replay/index.js';
export * from './simulate/index.js';
export * from './report/index.js';
