import { ApiError } from '../api/client.js';

export interface ProblemText {
  /** The server's detail in the chosen language. */
  summary: string;
  /** One line per field error: where (when the path says more than `$`) and what. */
  details: string[];
}

interface Fallbacks {
  network: string;
  unknown: (status: number) => string;
}

/**
 * A failed call in the chosen language: the server's problem+json carries every message in both
 * (`detail`/`detailZh`, `message`/`messageZh`); anything else (no network, a proxy's HTML page)
 * gets the screen's own words.
 */
export function problemText(error: unknown, lang: 'zh' | 'en', fallback: Fallbacks): ProblemText {
  if (error instanceof ApiError) {
    const summary = (lang === 'zh' ? error.detailZh : undefined) ?? (error.detail || fallback.unknown(error.status));
    const details = error.errors.map((e) => {
      const text = (lang === 'zh' ? e.messageZh : undefined) ?? e.message;
      return e.path && e.path !== '$' ? `${e.path}: ${text}` : text;
    });
    return { summary, details };
  }
  if (error instanceof TypeError) return { summary: fallback.network, details: [] };
  return { summary: error instanceof Error ? error.message : String(error), details: [] };
}
