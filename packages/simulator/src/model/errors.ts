import type { Words } from '../types.js';

/** What stops training (no closed leads, one class only, bad option): the CLI and server show `words`, never a stack. */
export class ModelTrainingError extends Error {
  readonly code: string;
  readonly words: Words;
  constructor(code: string, words: Words) {
    super(words.en);
    this.name = 'ModelTrainingError';
    this.code = code;
    this.words = words;
  }
}
