/**
 * Test-only: text → GB18030 bytes, for fixtures of Chinese Excel exports. There is no GB18030
 * encoder in the platform, so the table is built by asking the platform's decoder what every
 * two-byte code means: independent of the import code under test.
 */
type Decoder = { decode(b: Uint8Array): string };
const Decoder = (globalThis as unknown as { TextDecoder: new (label: string) => Decoder }).TextDecoder;

let table: Map<string, [number, number]> | undefined;

export function gb18030(text: string): Uint8Array {
  if (!table) {
    table = new Map();
    const d = new Decoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = d.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [lead, trail]);
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const pair = table.get(ch);
      if (!pair) throw new Error(`no two-byte GB18030 code for ${ch}`);
      out.push(...pair);
    }
  }
  return new Uint8Array(out);
}

/** Text → UTF-8 bytes (the simulator compiles without DOM or Node types, so the global is typed here). */
export function utf8(text: string): Uint8Array {
  const Encoder = (globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } }).TextEncoder;
  return new Encoder().encode(text);
}
