/**
 * Where each value of a JSON text is, by JSON path (`$.nodes[2].data.teams`), so a compile error
 * can be marked at its place in the JSON tab. A small scanner, not a validator: on text that
 * does not parse it returns what it found before the break.
 */
export interface Span {
  start: number;
  end: number;
}

export function locateJson(text: string): Map<string, Span> {
  const out = new Map<string, Span>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = (): string => {
    const s = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    try {
      return JSON.parse(text.slice(s, i)) as string;
    } catch {
      return text.slice(s + 1, i - 1);
    }
  };
  const value = (path: string): void => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (i < text.length && text[i] !== '}') {
        if (text[i] !== '"') return;
        const key = str();
        ws();
        if (text[i] !== ':') return;
        i++;
        value(/^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
        }
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      let n = 0;
      while (i < text.length && text[i] !== ']') {
        value(`${path}[${n++}]`);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') return;
      }
      i++;
    } else if (c === '"') str();
    else {
      while (i < text.length && /[^,\]}\s]/.test(text[i]!)) i++;
      if (i === start) {
        i++;
        return;
      }
    }
    out.set(path, { start, end: i });
  };
  value('$');
  return out;
}

/** The span of `path`, else of its nearest ancestor found in the text. */
export function spanOf(spans: Map<string, Span>, path: string): Span | undefined {
  let p = path;
  while (p) {
    const s = spans.get(p);
    if (s) return s;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return undefined;
}
