import type { Words } from '../../types.js';

/** Bad input to an evaluation: says what and where (`rows[3].p`), in both languages, never a stack trace for the user. */
export class EvaluateInputError extends Error {
  constructor(readonly words: Words) {
    super(`${words.en} / ${words.zh}`);
    this.name = 'EvaluateInputError';
  }
}
