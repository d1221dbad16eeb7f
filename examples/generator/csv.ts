/**
 * CSV text and local date/amount formats as two real CRMs write them. Only writing: reading belongs
 * to the importer (csv-parse). Quoting follows RFC 4180, which every spreadsheet reads.
 */

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvText(rows: string[][], eol: '\n' | '\r\n'): string {
  return rows.map((r) => r.map(csvField).join(',')).join(eol) + eol;
}

interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  dayPeriod?: string;
}

function localParts(iso: string, timeZone: string, hour12: boolean): LocalParts {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12,
  });
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(new Date(iso))) parts[p.type] = p.value;
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
    ...(parts.dayPeriod ? { dayPeriod: parts.dayPeriod } : {}),
  };
}

/** US CRM style: 03/04/2026 02:05 PM (month first). */
export function usDateTime(iso: string, timeZone: string): string {
  const p = localParts(iso, timeZone, true);
  return `${p.month}/${p.day}/${p.year} ${p.hour}:${p.minute} ${p.dayPeriod}`;
}

/** US CRM close dates carry no time: 03/04/2026. */
export function usDate(iso: string, timeZone: string): string {
  const p = localParts(iso, timeZone, true);
  return `${p.month}/${p.day}/${p.year}`;
}

/** Chinese Excel style: 2026/3/4 14:05 (no leading zeros on month, day or hour). */
export function zhDateTime(iso: string, timeZone: string): string {
  const p = localParts(iso, timeZone, false);
  const hour = p.hour === '24' ? 0 : Number(p.hour);
  return `${p.year}/${Number(p.month)}/${Number(p.day)} ${hour}:${p.minute}`;
}

const thousands = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });

export const usAmount = (n: number): string => dollars.format(n);
export const zhAmount = (n: number): string => `¥${thousands.format(n)}`;
