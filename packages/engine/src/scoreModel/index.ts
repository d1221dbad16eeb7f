export * from './model.js';
export * from './score.js';
