import type { HeaderOptions } from './api.js';
import type { AttributeType, FileColumns, FileKind, Mapping } from './types.js';

/**
 * The mapping as the form edits it: every field a string (an empty one means "not mapped"),
 * outcome values as comma-separated text, attributes as rows (so a key can be renamed letter by
 * letter without losing its place). `toMapping` gives back the JSON the server validates; what the
 * form does not show (file options of the other files, activity type values) rides along untouched.
 */
export const LEAD_COLUMNS = ['id', 'createdAt', 'owner', 'team', 'outcome', 'closedAt', 'amount'] as const;
export type LeadColumn = (typeof LEAD_COLUMNS)[number];
export const ACTIVITY_COLUMNS = ['leadId', 'at', 'rep', 'type'] as const;
export type ActivityColumn = (typeof ACTIVITY_COLUMNS)[number];
export const STAGE_COLUMNS = ['leadId', 'at', 'stage'] as const;
export type StageColumn = (typeof STAGE_COLUMNS)[number];
export const ROSTER_COLUMNS = ['id', 'name', 'team', 'roles', 'weight', 'cap', 'dailyCap', 'active'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
export const OUTCOMES = ['won', 'lost', 'open'] as const;
export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['string', 'number', 'boolean', 'date'];
export const ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;
export const DELIMITERS = ['auto', ',', ';', '\t', '|'] as const;
export const DATE_ORDERS = ['auto', 'ymd', 'dmy', 'mdy'] as const;
export const DECIMAL_MARKS = ['auto', '.', ','] as const;

export interface AttributeRow {
  key: string;
  column: string;
  type: AttributeType;
}

export interface MappingFormState {
  timeZone: string;
  encoding: string;
  delimiter: string;
  dateOrder: string;
  decimalMark: string;
  columns: Record<LeadColumn, string>;
  outcomes: Record<(typeof OUTCOMES)[number], string>;
  attributes: AttributeRow[];
  /** Null when the mapping has no activities section (no activities file). */
  activities: Record<ActivityColumn, string> | null;
  /** Null when the mapping has no stages section (no stage-change file). */
  stages: Record<StageColumn, string> | null;
  /** Null when the mapping has no roster section (no roster file: the history's reps are the roster). */
  roster: Record<RosterColumn, string> | null;
  base: Mapping;
}

const list = (values: string[] | undefined) => (values ?? []).join(', ');
const unlist = (text: string) =>
  text
    .split(/[,，]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');

export function fromMapping(m: Mapping): MappingFormState {
  const c = m.leads.columns;
  const a = m.activities?.columns;
  return {
    timeZone: m.timeZone,
    encoding: m.leads.encoding ?? 'auto',
    delimiter: m.leads.delimiter ?? 'auto',
    dateOrder: m.leads.dateOrder ?? 'auto',
    decimalMark: m.leads.decimalMark ?? 'auto',
    columns: Object.fromEntries(LEAD_COLUMNS.map((k) => [k, c[k] ?? ''])) as Record<LeadColumn, string>,
    outcomes: { won: list(m.leads.outcomeValues?.won), lost: list(m.leads.outcomeValues?.lost), open: list(m.leads.outcomeValues?.open) },
    attributes: Object.entries(m.leads.attributes ?? {}).map(([key, spec]) =>
      typeof spec === 'string' ? { key, column: spec, type: 'string' as const } : { key, column: spec.column, type: spec.type ?? 'string' },
    ),
    activities: a ? { leadId: a.leadId, at: a.at, rep: a.rep ?? '', type: a.type ?? '' } : null,
    stages: m.stages ? texts(STAGE_COLUMNS, m.stages.columns) : null,
    roster: m.roster ? texts(ROSTER_COLUMNS, m.roster.columns) : null,
    base: m,
  };
}

/** A section's columns as the form's text boxes: every key, empty where not mapped. */
function texts<K extends string>(keys: readonly K[], columns: Partial<Record<K, string>>): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, columns[k] ?? ''])) as Record<K, string>;
}

function present<K extends string>(record: Record<K, string>): Partial<Record<K, string>> {
  return Object.fromEntries(
    Object.entries<string>(record)
      .filter(([, v]) => v.trim() !== '')
      .map(([k, v]) => [k, v.trim()]),
  ) as Partial<Record<K, string>>;
}

export function toMapping(s: MappingFormState): Mapping {
  // The form offers only the values the mapping schema accepts; the server checks them again.
  // decimalMark is newer than most saved mappings: written only when set or there already.
  const mark = s.decimalMark !== 'auto' || s.base.leads.decimalMark !== undefined ? { decimalMark: s.decimalMark } : {};
  const fileOptions = { encoding: s.encoding, delimiter: s.delimiter, dateOrder: s.dateOrder, ...mark } as Pick<
    Mapping['leads'],
    'encoding' | 'delimiter' | 'dateOrder' | 'decimalMark'
  >;
  const columns = present(s.columns) as Mapping['leads']['columns'];
  const outcomeValues = { won: unlist(s.outcomes.won), lost: unlist(s.outcomes.lost), open: unlist(s.outcomes.open) };
  const hasOutcomes = outcomeValues.won.length + outcomeValues.lost.length + outcomeValues.open.length > 0;
  const attributes: NonNullable<Mapping['leads']['attributes']> = {};
  for (const row of s.attributes) {
    if (row.key.trim() === '' || row.column.trim() === '') continue;
    attributes[row.key.trim()] = row.type === 'string' ? row.column.trim() : { column: row.column.trim(), type: row.type };
  }
  const { leads: baseLeads, activities: baseActivities, stages: baseStages, roster: baseRoster, ...rest } = s.base;
  const mapping: Mapping = {
    ...rest,
    version: 1,
    timeZone: s.timeZone.trim(),
    leads: {
      ...baseLeads,
      ...fileOptions,
      columns,
      attributes,
      ...(hasOutcomes || columns.outcome ? { outcomeValues } : {}),
    },
  };
  if (!hasOutcomes && !columns.outcome) delete mapping.leads.outcomeValues;
  if (s.activities && baseActivities) {
    mapping.activities = { ...baseActivities, columns: present(s.activities) as NonNullable<Mapping['activities']>['columns'] };
  }
  if (s.stages && baseStages) mapping.stages = { ...baseStages, columns: present(s.stages) as NonNullable<Mapping['stages']>['columns'] };
  if (s.roster && baseRoster) mapping.roster = { ...baseRoster, columns: present(s.roster) as NonNullable<Mapping['roster']>['columns'] };
  return mapping;
}

/** Every column name the mapping mentions: offered as suggestions in the column fields. */
export function knownColumns(m: Mapping): string[] {
  const names = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v !== '') names.add(v);
    else if (v && typeof v === 'object' && 'column' in v) add((v as { column: unknown }).column);
  };
  for (const v of Object.values(m.leads.columns)) add(v);
  for (const v of Object.values(m.leads.attributes ?? {})) add(v);
  for (const v of Object.values(m.activities?.columns ?? {})) add(v);
  for (const v of Object.values(m.stages?.columns ?? {})) add(v);
  for (const v of Object.values(m.roster?.columns ?? {})) add(v);
  return [...names].sort();
}

/** A column field naming a column its file's header does not have: the field (its form name) and what the file has instead. */
export interface ColumnProblem {
  file: FileKind;
  /** The field's name in the form: `column.owner`, `attribute.2` (the row), `activity.rep`, `stage.at`, `roster.id`. */
  field: string;
  column: string;
  /** The file's columns, in header order. */
  columns: readonly string[];
}

/**
 * Every column field whose value the file's header lacks (a typo, or a mapping written for another
 * export): each is marked at its field and the mapping is not saved, so nothing runs, until fixed.
 * A file whose columns are not known (not listed yet, JSON Lines) is not checked.
 */
export function columnProblems(s: MappingFormState, files: FileColumns | undefined): ColumnProblem[] {
  const out: ColumnProblem[] = [];
  const check = (file: FileKind, field: string, value: string) => {
    const columns = files?.[file];
    const column = value.trim();
    if (columns && column !== '' && !columns.includes(column)) out.push({ file, field, column, columns });
  };
  for (const k of LEAD_COLUMNS) check('leads', `column.${k}`, s.columns[k]);
  s.attributes.forEach((row, i) => row.key.trim() !== '' && check('leads', `attribute.${i}`, row.column));
  const sections = [
    ['activities', 'activity', s.activities],
    ['stages', 'stage', s.stages],
    ['roster', 'roster', s.roster],
  ] as const;
  for (const [file, group, values] of sections) if (values) for (const [k, v] of Object.entries<string>(values)) check(file, `${group}.${k}`, v);
  return out;
}

/** How the mapping reads each file's bytes (format, encoding, delimiter): what its header line's columns depend on. */
export function headerOptionsOf(m: Mapping): HeaderOptions {
  const out: HeaderOptions = {};
  for (const file of ['leads', 'activities', 'stages', 'roster'] as const) {
    const section = m[file] as { format?: string; encoding?: string; delimiter?: string } | undefined;
    if (!section) continue;
    const { format, encoding, delimiter } = section;
    out[file] = { ...(format ? { format } : {}), ...(encoding ? { encoding } : {}), ...(delimiter ? { delimiter } : {}) };
  }
  return out;
}
