import type { Words } from '../types.js';

/** Bad input to the estimate: says what and where, in both languages (never a stack trace for the user). */
export class EstimateInputError extends Error {
  constructor(readonly words: Words) {
    super(`${words.en} / ${words.zh}`);
    this.name = 'EstimateInputError';
  }
}
