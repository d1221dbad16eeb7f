/**
 * What the worker thread computes, as plain functions of their inputs: an import preview, a
 * mapping guess over the stored files, and a simulation. The worker (worker.ts) calls them; they
 * read no database and no clock, so a preview of a 100 MB export never blocks decisions.
 */
import {
  guessMappingsFromFiles,
  HistoryImportError,
  type History,
  importHistory,
  isTimeZoneNote,
  type MappingGuess,
  type Words,
} from '@sluice/simulator/history';
import type { FileKind } from './storage.js';

export type DatasetBytes = Partial<Record<FileKind, Uint8Array>>;

/** How many rejected rows and leads a preview shows (the summaries count them all). */
export const PREVIEW_REJECTS = 200;
export const PREVIEW_LEADS = 20;
/** Most reps the preview lists (a history's roster is rarely larger; past it the page does not check names). */
const PREVIEW_ROSTER = 5_000;

/** A problem the user can fix (bad mapping, unreadable file …): where it is and what, in both languages. */
export class TaskProblem extends Error {
  constructor(
    readonly words: Words,
    readonly where: Record<string, unknown> = {},
  ) {
    super(words.en);
  }
}

export function imported(files: DatasetBytes, mapping: unknown) {
  if (!files.leads) {
    throw new TaskProblem({ en: 'the dataset has no leads file yet: upload one first', zh: '数据集还没有线索文件，请先上传' }, { file: 'leads' });
  }
  if (mapping === null || mapping === undefined) {
    throw new TaskProblem({ en: 'the dataset has no mapping yet: save one (or ask for a guess) first', zh: '数据集还没有映射，请先保存映射（或先自动推测）' });
  }
  try {
    return importHistory({
      mapping,
      // Read here, in the adapter: leads created after it get a note.
      now: new Date().toISOString(),
      leads: files.leads,
      ...(files.activities ? { activities: files.activities } : {}),
      ...(files.stages ? { stages: files.stages } : {}),
      ...(files.roster ? { roster: files.roster } : {}),
    });
  } catch (e) {
    if (e instanceof HistoryImportError) throw new TaskProblem(e.words, e.where);
    throw e;
  }
}

function period(history: History): { start: string | null; end: string | null } {
  let start: string | null = null;
  let end: string | null = null;
  const see = (at: string | undefined) => {
    if (at === undefined) return;
    if (start === null || at < start) start = at;
    if (end === null || at > end) end = at;
  };
  // Instants are ISO-8601 UTC strings of one shape: they order as text.
  for (const l of history.leads) {
    see(l.createdAt);
    see(l.closedAt);
  }
  for (const a of history.activities) see(a.at);
  for (const s of history.stageChanges) see(s.at);
  return { start, end };
}

export function preview(files: DatasetBytes, mapping: unknown) {
  const result = imported(files, mapping);
  return {
    summaries: result.summaries,
    rejects: result.rejects.slice(0, PREVIEW_REJECTS),
    rejectCount: result.rejects.length,
    leads: result.history.leads.slice(0, PREVIEW_LEADS),
    reps: result.history.reps.length,
    // What the page checks the candidates' policies against before a run (a team the history lacks):
    // only a whole roster, as a part would make every rep past it look unknown.
    ...(result.history.reps.length <= PREVIEW_ROSTER
      ? { roster: result.history.reps.map((r) => ({ id: r.id, teams: r.teams ?? [], roles: r.roles ?? [], active: r.active !== false })) }
      : {}),
    period: period(result.history),
  };
}

/** One guess over the stored files together, merged into one mapping (each file guesses its own section). */
export function guess(files: DatasetBytes) {
  if (!files.leads) {
    throw new TaskProblem({ en: 'the dataset has no leads file yet: upload one first', zh: '数据集还没有线索文件，请先上传' }, { file: 'leads' });
  }
  let mapping: Record<string, unknown> = {};
  const notes: Words[] = [];
  const columns: Array<MappingGuess['columns'][number] & { file: FileKind }> = [];
  const kinds = (['leads', 'activities', 'stages', 'roster'] as const).filter((kind) => files[kind]);
  // All files in one guess: the leads id is the column the activities' lead ids are found in.
  let guesses: MappingGuess[];
  try {
    guesses = guessMappingsFromFiles(kinds.map((kind) => ({ content: files[kind]!, kind })));
  } catch (e) {
    if (e instanceof HistoryImportError) throw new TaskProblem(e.words, { ...e.where, file: e.where.file ?? 'leads' });
    throw e;
  }
  kinds.forEach((kind, i) => {
    const g = guesses[i]!;
    mapping = { ...g.mapping, ...mapping, [kind]: g.mapping[kind] };
    // The first file's time zone is the mapping's: the others' notes on theirs would say another
    // zone (or the same words again). Any note two files share is said once.
    for (const n of g.notes) if (!(i > 0 && isTimeZoneNote(n)) && !notes.some((m) => m.en === n.en)) notes.push(n);
    columns.push(...g.columns.map((c) => ({ ...c, file: kind })));
  });
  const confidence: 'high' | 'low' = columns.every((c) => c.confidence === 'high') ? 'high' : 'low';
  return { mapping, notes, confidence, columns };
}
