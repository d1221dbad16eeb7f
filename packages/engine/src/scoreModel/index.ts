export * from './model.js';
export * from './score.js';
export { instantMs } from './instant.js';
