/**
 * CRM export files + mapping → History, with a summary per file and every row not used. Pure: the
 * caller reads the files (CLI, server) and passes their bytes or text.
 */
import type { HistoryRep, ImportResult, ImportSummary, RejectedRow } from '../types.js';
import { activityColumns, readActivities, readStages, stageColumns } from './activities.js';
import { futureCreatedDates, repsWrittenTwoWays, strayCreatedDates } from './consistency.js';
import type { EncodingChoice } from './decode.js';
import { FILE_WORDS, type HistoryFile, HistoryImportError } from './errors.js';
import { leadColumns, readLeads } from './leads.js';
import { type FileMapping, type Mapping, parseMapping } from './mapping.js';
import { applyRoster, derivedReps, readRoster, rosterColumns, teamsOf } from './roster.js';
import { Sheet, type SheetColumns } from './sheet.js';

export interface ImportHistoryInput {
  /** The mapping file's parsed JSON (validated here) or an already validated Mapping. */
  mapping: unknown;
  leads: string | Uint8Array;
  activities?: string | Uint8Array;
  stages?: string | Uint8Array;
  roster?: string | Uint8Array;
  /** Overrides every file's mapping encoding (the CLI's --encoding). */
  encoding?: EncodingChoice;
  /** When the import runs (ISO instant, read by the caller): leads created after it get a note. */
  now?: string;
}

/** Throws HistoryImportError for what stops the whole import (bad mapping, unreadable file, missing column). */
export function importHistory(input: ImportHistoryInput): ImportResult {
  const parsed = parseMapping(input.mapping);
  if (!parsed.ok) {
    const lines = parsed.problems.map((p) => `${p.path}: ${p.message.en}`).join('; ');
    const linesZh = parsed.problems.map((p) => `${p.path}：${p.message.zh}`).join('；');
    throw new HistoryImportError({ en: `the mapping is invalid: ${lines}`, zh: `映射文件无效：${linesZh}` }, { path: parsed.problems[0]?.path ?? '' });
  }
  const m: Mapping = parsed.mapping;
  const open = (file: HistoryFile, content: string | Uint8Array, options: FileMapping, columns: SheetColumns) =>
    new Sheet(file, content, options, columns, m.timeZone, input.encoding);
  const sectionOf = <K extends 'activities' | 'stages' | 'roster'>(file: K): NonNullable<Mapping[K]> => {
    const section = m[file];
    if (section === undefined)
      throw new HistoryImportError(
        {
          en: `${/^[aeiou]/.test(FILE_WORDS[file].en) ? 'an' : 'a'} ${FILE_WORDS[file].en} was given but the mapping has no "${file}" section`,
          zh: `提供了${FILE_WORDS[file].zh}，但映射文件中没有 "${file}" 部分`,
        },
        { file, path: file },
      );
    return section as NonNullable<Mapping[K]>;
  };

  const summaries: ImportSummary[] = [];
  const rejects: RejectedRow[] = [];
  const finish = (sheet: Sheet, used: number) => {
    summaries.push(sheet.summary(used));
    rejects.push(...sheet.rejects);
  };

  const leadsSheet = open('leads', input.leads, m.leads, leadColumns(m.leads));
  const leads = readLeads(leadsSheet, m.leads);
  const stray = strayCreatedDates(leads.leads);
  if (stray) leadsSheet.notes.push(stray);
  const future = futureCreatedDates(leads.leads, input.now);
  if (future) leadsSheet.notes.push(future);

  let activities: ReturnType<typeof readActivities> = [];
  let activitiesSheet: Sheet | undefined;
  if (input.activities !== undefined) {
    const section = sectionOf('activities');
    activitiesSheet = open('activities', input.activities, section, activityColumns(section));
    activities = readActivities(activitiesSheet, section, leads);
  }
  let stageChanges: ReturnType<typeof readStages> = [];
  let stagesSheet: Sheet | undefined;
  if (input.stages !== undefined) {
    const section = sectionOf('stages');
    stagesSheet = open('stages', input.stages, section, stageColumns(section));
    stageChanges = readStages(stagesSheet, section, leads);
  }

  const twoWays = repsWrittenTwoWays(leads.leads, activities);
  if (twoWays) leadsSheet.notes.push(twoWays);

  let reps: HistoryRep[];
  if (input.roster !== undefined) {
    const section = sectionOf('roster');
    const rosterSheet = open('roster', input.roster, section, rosterColumns(section));
    const roster = readRoster(rosterSheet, section);
    const applied = applyRoster(roster, leads.leads, activities);
    rosterSheet.notes.push(...applied.notes);
    reps = applied.reps;
    finish(leadsSheet, leads.leads.length);
    if (activitiesSheet) finish(activitiesSheet, activities.length);
    if (stagesSheet) finish(stagesSheet, stageChanges.length);
    finish(rosterSheet, roster.length);
  } else {
    reps = derivedReps(leads.leads, activities);
    leadsSheet.notes.push({
      en: `no roster file: ${reps.length} rep(s) taken from the history, each with the team seen most with them as owner`,
      zh: `未提供销售名单：从历史中取得 ${reps.length} 位销售，团队取其作为负责人时最常对应的团队`,
    });
    finish(leadsSheet, leads.leads.length);
    if (activitiesSheet) finish(activitiesSheet, activities.length);
    if (stagesSheet) finish(stagesSheet, stageChanges.length);
  }

  return {
    history: { leads: leads.leads, activities, stageChanges, reps, teams: teamsOf(reps, leads.leads) },
    summaries,
    rejects,
  };
}
