export { replay } from './replay.js';
export { HistoryActivityRows } from './activityRows.js';
export { historicalBehaviour } from './historical.js';
export { ReplayInputError } from './setup.js';
export type { ReplayInput } from './types.js';
export { HistoryIndex } from './historyIndex.js';
