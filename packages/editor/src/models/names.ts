import type { Words } from './types.js';

/** A model's name as stored (bilingual, or a plain string from the CLI) in the chosen language. */
export function nameText(name: Words | string | null | undefined, lang: 'en' | 'zh'): string {
  if (!name) return '';
  return typeof name === 'string' ? name : name[lang];
}

/** A job's or server's failure in both languages, or a plain string. */
export function wordsText(w: Words | string | null | undefined, lang: 'en' | 'zh'): string {
  if (w === null || w === undefined) return '';
  return typeof w === 'string' ? w : w[lang];
}
