import type { RejectedRow, Words } from '../types.js';

export type HistoryFile = RejectedRow['file'];

/** The files of an import, named in both languages. */
export const FILE_WORDS: Record<HistoryFile, Words> = {
  leads: { en: 'leads file', zh: '线索文件' },
  activities: { en: 'activities file', zh: '跟进记录文件' },
  stages: { en: 'stages file', zh: '阶段变更文件' },
  roster: { en: 'roster file', zh: '销售名单文件' },
};

/**
 * A problem that stops the whole import (unreadable bytes, a mapped column missing from the
 * header, an invalid mapping): thrown, with where it is, for the CLI or server to print. Problems
 * of one row never throw: they become RejectedRows.
 */
export class HistoryImportError extends Error {
  constructor(
    readonly words: Words,
    readonly where: { file?: HistoryFile; column?: string; row?: number; path?: string } = {},
  ) {
    super(`${words.en} / ${words.zh}`);
    this.name = 'HistoryImportError';
  }
}

/** "leads file, row 7, column 创建时间: …" in both languages. */
export function located(file: HistoryFile, words: Words, row?: number, column?: string): Words {
  const f = FILE_WORDS[file];
  return {
    en: `${f.en}${row !== undefined ? `, row ${row}` : ''}${column !== undefined ? `, column "${column}"` : ''}: ${words.en}`,
    zh: `${f.zh}${row !== undefined ? `第 ${row} 行` : ''}${column !== undefined ? `“${column}”列` : ''}：${words.zh}`,
  };
}
