/**
 * GB18030 encoding for the example Chinese export, as Excel on a Chinese Windows writes CSV.
 * Node's TextEncoder only writes UTF-8 and no encoder library is installed, but Node's TextDecoder
 * reads GB18030 (WHATWG index): decoding every two- and four-byte code of the Basic Multilingual
 * Plane once gives the reverse table, so the encoder is the decoder's exact inverse.
 */

let table: Map<number, number[]> | undefined;

function codes(): Map<number, number[]> {
  if (table) return table;
  const sequences: number[][] = [];
  // Two-byte codes: lead 0x81–0xFE, trail 0x40–0x7E and 0x80–0xFE.
  for (let b1 = 0x81; b1 <= 0xfe; b1++) {
    for (let b2 = 0x40; b2 <= 0xfe; b2++) if (b2 !== 0x7f) sequences.push([b1, b2]);
  }
  // Four-byte codes that map into the BMP (0x81308130–0x8431A439): ¥, ·, — and other Latin-1 signs live here.
  for (let b1 = 0x81; b1 <= 0x84; b1++) {
    for (let b2 = 0x30; b2 <= 0x39; b2++) {
      for (let b3 = 0x81; b3 <= 0xfe; b3++) {
        for (let b4 = 0x30; b4 <= 0x39; b4++) sequences.push([b1, b2, b3, b4]);
      }
    }
  }
  const decoder = new TextDecoder('gb18030');
  table = new Map();
  for (const seq of sequences) {
    const text = decoder.decode(Uint8Array.from(seq));
    // One BMP character per valid code; U+FFFD marks codes beyond the BMP range or unassigned.
    if (text.length !== 1 || text === '\ufffd') continue;
    const code = text.charCodeAt(0);
    if (!table.has(code)) table.set(code, seq);
  }
  return table;
}

export function encodeGb18030(text: string): Uint8Array {
  const out: number[] = [];
  const map = codes();
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) ?? 0;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    if (code > 0xffff) {
      // Beyond the BMP GB18030 counts four-byte codes linearly from 90 30 81 30 (emoji in CRM notes).
      let n = code - 0x10000;
      const b4 = 0x30 + (n % 10);
      n = Math.floor(n / 10);
      const b3 = 0x81 + (n % 126);
      n = Math.floor(n / 126);
      out.push(0x90 + Math.floor(n / 10), 0x30 + (n % 10), b3, b4);
      i++;
      continue;
    }
    const seq = map.get(code);
    if (!seq) {
      throw new Error(
        `Character "${text[i]}" (U+${code.toString(16).toUpperCase()}) at index ${i} has no GB18030 code here / 第 ${i} 个字符 "${text[i]}" 无法编码为 GB18030`,
      );
    }
    out.push(...seq);
  }
  return Uint8Array.from(out);
}
