import { expect } from 'vitest';
import type { Words } from '../../types.js';
import { EvaluateInputError } from './errors.js';

/** What `f` says is wrong, both languages: it must throw an EvaluateInputError (never a bare Error or a crash). */
export function errorWords(f: () => unknown): Words {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EvaluateInputError);
    return (e as EvaluateInputError).words;
  }
  throw new Error('expected an EvaluateInputError, got none');
}
