/**
 * Files that are not text at all, told by their first bytes: most Chinese CRMs export an Excel
 * workbook by default, and read as CSV one became a column of binary noise named `field1` (the
 * guess) or "line 3 is neither UTF-8 nor GB18030" (the import), neither saying what to do.
 */
import type { Words } from '../types.js';

const SAVE_AS_CSV: Words = {
  en: 'open it in Excel or WPS and save it as "CSV UTF-8 (comma delimited)", then use that file',
  zh: '请在 Excel 或 WPS 中打开，另存为“CSV UTF-8（逗号分隔）”，再使用另存的文件',
};

const startsWith = (head: Uint8Array, magic: readonly number[]) => magic.every((b, i) => head[i] === b);

/** Whether the ASCII text occurs in the bytes (a zip lists its entries' names in plain ASCII). */
function hasAscii(head: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  outer: for (let i = head.indexOf(first); i >= 0 && i + text.length <= head.length; i = head.indexOf(first, i + 1)) {
    for (let k = 1; k < text.length; k++) if (head[i + k] !== text.charCodeAt(k)) continue outer;
    return true;
  }
  return false;
}

/**
 * What the file is, and what to do instead, when its first bytes say it is no text export (an
 * Excel workbook, a zip, a PDF, gzip); undefined for anything that may be text. `head`: the file's
 * first bytes (a few KB tell a workbook from another zip; 8 are enough for the rest).
 */
/** Whether the first bytes are an Excel workbook's (.xlsx: a zip holding `xl/` parts); the import reads those (workbook.ts). */
export function isXlsx(head: Uint8Array): boolean {
  return startsWith(head, [0x50, 0x4b, 0x03, 0x04]) && (hasAscii(head, 'xl/') || hasAscii(head, 'docProps/') || hasAscii(head, '[Content_Types].xml'));
}

export function notATextExport(head: Uint8Array): Words | undefined {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    if (isXlsx(head))
      return { en: `this is an Excel workbook (.xlsx), not a CSV: ${SAVE_AS_CSV.en}`, zh: `这是 Excel 工作簿（.xlsx），不是 CSV：${SAVE_AS_CSV.zh}` };
    return {
      en: 'this is a zip archive, not a CSV: unzip it and use the CSV or JSON Lines file inside (an Excel workbook: save it as "CSV UTF-8" first)',
      zh: '这是 zip 压缩包，不是 CSV：请解压后使用其中的 CSV 或 JSON Lines 文件（如是 Excel 工作簿，请先另存为“CSV UTF-8”）',
    };
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return {
      en: `this is an Excel 97–2003 workbook (.xls), not a CSV: ${SAVE_AS_CSV.en}`,
      zh: `这是 Excel 97–2003 工作簿（.xls），不是 CSV：${SAVE_AS_CSV.zh}`,
    };
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d]))
    return { en: 'this is a PDF, not a CSV: export the records from the CRM as CSV instead', zh: '这是 PDF 文件，不是 CSV：请从 CRM 中把数据导出为 CSV' };
  if (startsWith(head, [0x1f, 0x8b]))
    return { en: 'this is gzip-compressed: decompress it and use the file inside', zh: '这是 gzip 压缩文件：请解压后使用其中的文件' };
  return undefined;
}
