/**
 * A number column read as a whole before its rows are: which decimal mark it writes, and whether it
 * mixes currencies. One export writes one convention, so "€1.234" beside "2.171,50 €" is one
 * thousand two hundred and thirty-four, not one and a fraction; and ¥ beside € cannot be added up.
 */
import type { Words } from '../types.js';
import { type DecimalMark, numberEvidence, parseNumber } from './values.js';

export interface NumberColumnReading {
  /** The column's decimal mark; undefined: "." where a value reads either way. */
  mark: DecimalMark | undefined;
  /** 'reject': the column writes both conventions, so a value that reads either way cannot be read. */
  ambiguous: 'read' | 'reject';
  notes: Words[];
}

interface Seen {
  value: string;
  row: number;
}

/** `cells`: the column's non-empty values with their rows; `configured`: the mapping's decimalMark. */
export function readNumberColumn(column: string, cells: Iterable<Seen>, configured: 'auto' | DecimalMark): NumberColumnReading {
  let dot: Seen | undefined;
  let comma: Seen | undefined;
  let either: Seen | undefined;
  let eitherCount = 0;
  /** Two-way values with a dot ("1.234"): "1,234" for one and a fraction is rare, "1.234" for a thousand is not. */
  let dotEither: Seen | undefined;
  let dotEitherCount = 0;
  const currencies = new Map<string, { count: number; first: Seen }>();
  for (const cell of cells) {
    const e = numberEvidence(cell.value);
    if (e === undefined) continue;
    if (e.currency !== undefined) {
      const c = currencies.get(e.currency);
      if (c) c.count++;
      else currencies.set(e.currency, { count: 1, first: cell });
    }
    if (e.reads === 'dot') dot ??= cell;
    else if (e.reads === 'comma') comma ??= cell;
    else if (e.reads === 'either') {
      either ??= cell;
      eitherCount++;
      if (cell.value.includes('.')) {
        dotEither ??= cell;
        dotEitherCount++;
      }
    }
  }
  const notes: Words[] = [];
  if (currencies.size > 1) notes.push(mixedCurrencies(column, currencies));
  if (configured !== 'auto') return { mark: configured, ambiguous: 'read', notes };
  if (dot && comma) {
    notes.push({
      en:
        `column "${column}" writes numbers both as "${dot.value}" (row ${dot.row}) and as "${comma.value}" (row ${comma.row}): each is read its own way` +
        (either ? `; the ${eitherCount} like "${either.value}" (row ${either.row}) read either way and are rejected until decimalMark is set` : ''),
      zh:
        `“${column}”列的数字既有“${dot.value}”（第 ${dot.row} 行）又有“${comma.value}”（第 ${comma.row} 行）的写法：各按其写法读取` +
        (either ? `；像“${either.value}”（第 ${either.row} 行）这样两种读法都行的 ${eitherCount} 个值被拒绝，请设置 decimalMark` : ''),
    });
    return { mark: undefined, ambiguous: 'reject', notes };
  }
  if (comma) {
    if (either)
      notes.push({
        en: `column "${column}" read with "," as the decimal mark, because of "${comma.value}" in row ${comma.row}: "${either.value}" (row ${either.row}) is ${readAs(either.value, ',')}`,
        zh: `“${column}”列以“,”为小数点读取，依据是第 ${comma.row} 行的“${comma.value}”：“${either.value}”（第 ${either.row} 行）读作 ${readAs(either.value, ',')}`,
      });
    return { mark: ',', ambiguous: 'read', notes };
  }
  if (dot) return { mark: '.', ambiguous: 'read', notes };
  if (dotEither)
    notes.push({
      en: `column "${column}": ${dotEitherCount} value(s) like "${dotEither.value}" (row ${dotEither.row}) could be thousands or a fraction; read with "." as the decimal point (${readAs(dotEither.value, '.')}). If "." separates thousands there, set decimalMark to ","`,
      zh: `“${column}”列：像“${dotEither.value}”（第 ${dotEither.row} 行）这样的 ${dotEitherCount} 个值既可能是千分位也可能是小数；已按“.”为小数点读取（${readAs(dotEither.value, '.')}）。如其中“.”是千分位，请把 decimalMark 设为 ","`,
    });
  return { mark: undefined, ambiguous: 'read', notes };
}

/** The number a value gives under a decimal mark, as plain digits ("1234", "1.234"). */
function readAs(value: string, mark: DecimalMark): string {
  const p = parseNumber(value, true, mark);
  return p.ok ? String(p.value) : value;
}

function mixedCurrencies(column: string, currencies: Map<string, { count: number; first: Seen }>): Words {
  const list = [...currencies].sort((a, b) => b[1].count - a[1].count);
  const en = list.map(([code, c]) => `${code} in ${c.count} row(s) (first "${c.first.value}", row ${c.first.row})`).join(', ');
  const zh = list.map(([code, c]) => `${code} ${c.count} 行（首见第 ${c.first.row} 行“${c.first.value}”）`).join('，');
  return {
    en: `column "${column}" mixes currencies: ${en}. Amounts are read as written and never converted, so sums and revenue add them as one currency: export in one currency, or convert the column first`,
    zh: `“${column}”列混有多种货币：${zh}。金额按原样读取、不做换算，合计与收入会把它们当作同一种货币相加：请以单一货币导出，或先换算该列`,
  };
}
