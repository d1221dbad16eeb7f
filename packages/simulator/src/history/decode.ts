/**
 * Bytes → text. CRM exports come as UTF-8 (with or without BOM), GB18030 (Chinese Excel's
 * "CSV"), or UTF-16 (Excel's "Unicode text"). The host's WHATWG TextDecoder does the decoding:
 * Node with full ICU and every browser know gb18030.
 */
import { type HistoryFile, HistoryImportError, located } from './errors.js';
import { notATextExport } from './fileFormat.js';

export type EncodingChoice = 'auto' | 'utf-8' | 'gb18030';
/** What the summary reports the bytes were read as. */
export type EncodingFound = 'utf-8' | 'utf-8 with BOM' | 'gb18030' | 'utf-16le' | 'utf-16be' | 'text';

interface Decoder {
  decode(input: Uint8Array): string;
}
type DecoderConstructor = new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Decoder;
// Typed here because the simulator compiles without DOM or Node types; the global is pure.
const TextDecoderImpl = (globalThis as unknown as { TextDecoder: DecoderConstructor }).TextDecoder;

function tryDecode(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoderImpl(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The 1-based line of the first byte the encoding cannot read, for the error message. */
function firstBadLine(label: string, bytes: Uint8Array): number {
  const text = new TextDecoderImpl(label, { ignoreBOM: true }).decode(bytes);
  const bad = text.indexOf('\uFFFD');
  return bad < 0 ? 1 : text.slice(0, bad).split('\n').length;
}

/** The first bytes a file's format is told by (a string's first characters, each as its low byte). */
const HEAD_BYTES = 4096;

export function decodeText(content: string | Uint8Array, choice: EncodingChoice, file: HistoryFile): { text: string; encoding: EncodingFound } {
  const head = typeof content === 'string' ? Uint8Array.from(content.slice(0, HEAD_BYTES), (ch) => ch.charCodeAt(0) & 0xff) : content.subarray(0, HEAD_BYTES);
  const format = notATextExport(head);
  if (format) throw new HistoryImportError(located(file, format), { file });
  if (typeof content === 'string') {
    return content.charCodeAt(0) === 0xfeff ? { text: content.slice(1), encoding: 'text' } : { text: content, encoding: 'text' };
  }
  const b = content;
  if (b[0] === 0xff && b[1] === 0xfe) return { text: mustDecode('utf-16le', b.subarray(2), file), encoding: 'utf-16le' };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: mustDecode('utf-16be', b.subarray(2), file), encoding: 'utf-16be' };
  // A UTF-8 BOM says UTF-8 whatever the mapping names (as the UTF-16 ones do): a workbook the
  // server stored as CSV carries one, and the mapping written for the CRM's CSV may say gb18030.
  const bom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  if (bom) return { text: mustDecode('utf-8', b.subarray(3), file), encoding: 'utf-8 with BOM' };
  if (choice === 'gb18030') return { text: mustDecode('gb18030', b, file), encoding: 'gb18030' };
  if (choice === 'utf-8') return { text: mustDecode('utf-8', b, file), encoding: 'utf-8' };
  const utf8 = tryDecode('utf-8', b);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const gb = tryDecode('gb18030', b);
  if (gb !== undefined) return { text: gb, encoding: 'gb18030' };
  const line = firstBadLine('utf-8', b);
  throw new HistoryImportError(
    located(file, {
      en: `line ${line} is neither UTF-8 nor GB18030: save the file as UTF-8 (CSV UTF-8 in Excel)`,
      zh: `第 ${line} 行既不是 UTF-8 也不是 GB18030 编码：请另存为 UTF-8（Excel 中选择“CSV UTF-8”）`,
    }),
    { file, row: line },
  );
}

function mustDecode(label: string, bytes: Uint8Array, file: HistoryFile): string {
  const text = tryDecode(label, bytes);
  if (text !== undefined) return text;
  const line = firstBadLine(label, bytes);
  const other = label === 'gb18030' ? 'utf-8' : 'gb18030';
  throw new HistoryImportError(
    located(file, {
      en: `line ${line} is not valid ${label}: check the encoding (try encoding "${other}" or "auto")`,
      zh: `第 ${line} 行不是合法的 ${label} 编码：请检查编码（可试 "${other}" 或 "auto"）`,
    }),
    { file, row: line },
  );
}
