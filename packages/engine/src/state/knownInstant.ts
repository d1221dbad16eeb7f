import { parseInstant } from '../types/isoInstant.js';

/**
 * One instant text whose number is known without reading it: the step's own `now` (see
 * WorkingState.stepInstant), which most changes of a step stamp as that very string. Any other
 * text is parsed.
 */
export class KnownInstant {
  // Private fields (#): what a state was last told is no part of what it holds (states stay deep-equal).
  #iso: string | undefined;
  #ms = Number.NaN;

  /** `iso` is `new Date(ms).toISOString()`: only ever told a true pair, so it is kept until the next. */
  know(iso: string, ms: number): void {
    this.#iso = iso;
    this.#ms = ms;
  }

  /** `parseInstant(text)`: a comparison of string pointers for the known text (the same string object, as a step hands it on). */
  of(text: string): number {
    return text === this.#iso ? this.#ms : parseInstant(text);
  }
}
