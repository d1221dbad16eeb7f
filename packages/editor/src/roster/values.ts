import type { Formatter } from '../format/format.js';
import type { Language } from '../i18n/index.js';
import { readCell, type Bilingual, type Shift } from './cells.js';
import type { Column } from './columns.js';
import { shiftsLabel } from './days.js';

export type Row = Record<string, unknown> & { id: string };

/** A stored value as the table shows it. */
export function displayValue(column: Column, value: unknown, format: Formatter, yesNo: { yes: string; no: string }): string {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return '';
  switch (column.kind) {
    case 'list':
      return (value as string[]).join(', ');
    case 'bool':
      return value ? yesNo.yes : yesNo.no;
    case 'number':
    case 'int':
      return format.number(value as number);
    case 'shifts':
      return shiftsLabel(value as Shift[], format.lang);
    case 'instant':
      return format.dateTime(value as string);
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

/** A stored value as the form's text field holds it (the same syntax the paste reads), in the chosen language. */
export function editText(column: Column, value: unknown, lang: Language): string {
  if (value === undefined || value === null) return '';
  switch (column.kind) {
    case 'list':
      return (value as string[]).join(', ');
    case 'shifts':
      return shiftsLabel(value as Shift[], lang);
    case 'json':
      return JSON.stringify(value);
    case 'bool':
      return value ? 'true' : 'false';
    default:
      return String(value);
  }
}

/**
 * The form's texts back onto the record they came from: fields the form does not show (a rep's
 * throughput, a pool's cooling duration) are kept, an emptied field is removed so the default
 * applies, and the server-kept open-lead count is only sent when the user changed it.
 */
export function formToItem(
  columns: Column[],
  original: Record<string, unknown>,
  texts: Record<string, string>,
  timeZone: string,
  lang: Language,
): { item: Record<string, unknown>; errors: Record<string, Bilingual> } {
  const item: Record<string, unknown> = { ...original };
  const errors: Record<string, Bilingual> = {};
  for (const c of columns) {
    const text = texts[c.field] ?? '';
    if (c.field === 'openLoad' && text === editText(c, original.openLoad, lang)) {
      delete item.openLoad;
      continue;
    }
    const read = readCell(c.kind, text, timeZone);
    if (!read.ok) errors[c.field] = read.error;
    else if ('empty' in read) delete item[c.field];
    else item[c.field] = read.value;
  }
  return { item, errors };
}

/** Whether a rep can take leads right now: inactive, away (until when) or available. */
export function availability(rep: Record<string, unknown>, now: number): { state: 'inactive' | 'away' | 'available'; until?: string } {
  if (rep.active === false) return { state: 'inactive' };
  const away = ((rep.outOfOffice as Array<{ from: string; to: string }> | undefined) ?? []).find((o) => Date.parse(o.from) <= now && now < Date.parse(o.to));
  return away ? { state: 'away', until: away.to } : { state: 'available' };
}
