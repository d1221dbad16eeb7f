import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { UNSTORABLE_TEXT, unstorableText } from './body.js';
import { problem, type FieldError } from './problem.js';

/**
 * Refuses, with a 400 problem+json naming where, a URL whose path segments or query parameters
 * do not decode to text PostgreSQL can store: a malformed %-escape or one that is not UTF-8
 * (`%`, `%ZZ`, `%FF`, and `%ED%A0%80`, a lone surrogate), or a NUL character (`%00`). Without it
 * they reach a route parameter or a query value and the database refuses the statement (a 500).
 *
 * Node's HTTP parser already refuses a raw NUL or non-ASCII byte in the request line, so only a
 * %-escape can bring either in: a URL without '%' (every ordinary request) passes at the cost of
 * one regular-expression test.
 */
const SUSPECT = /[%\0\ud800-\udfff]/;

export const pathGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = c.req.url;
  if (!SUSPECT.test(url)) return next();
  const bad = checkUrl(url, c.req.path);
  if (bad) return problem(c, 400, bad.code, bad.error.message, { detailZh: bad.error.messageZh!, errors: [bad.error] });
  return next();
};

/** Where in the URL the first undecodable or unstorable text is (`path[i]`: the i-th segment after the first '/'; `query.<name>` or `query[i]`). */
export function checkUrl(url: string, decodedPath: string): { code: 'invalid-path' | 'invalid-query'; error: FieldError } | undefined {
  const scheme = url.indexOf('://');
  const start = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
  if (start < 0) return undefined;
  const q = url.indexOf('?', start);
  const rawPath = q < 0 ? url.slice(start) : url.slice(start, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);

  const segments = rawPath.split('/').slice(1);
  for (let i = 0; i < segments.length; i++) {
    const problemText = checkText(segments[i]!);
    if (problemText) return { code: 'invalid-path', error: describe(`path[${i}]`, 'the path segment', '路径段', segments[i]!, problemText) };
  }
  // Hono's own decoding of the whole path, in case it ever decodes what the segments did not show.
  if (unstorableText(decodedPath)) return { code: 'invalid-path', error: describe('path', 'the path', '路径', rawPath, 'unstorable') };

  if (rawQuery) {
    const pairs = rawQuery.split('&');
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!;
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      const nameProblem = checkText(rawName, true);
      if (nameProblem) return { code: 'invalid-query', error: describe(`query[${i}]`, 'the name of query parameter', '查询参数名', rawName, nameProblem) };
      if (eq < 0) continue;
      const rawValue = pair.slice(eq + 1);
      const valueProblem = checkText(rawValue, true);
      if (valueProblem) {
        const name = decodeURIComponent(rawName.replaceAll('+', ' '));
        return { code: 'invalid-query', error: describe(`query.${name}`, 'the query parameter', '查询参数', rawValue, valueProblem) };
      }
    }
  }
  return undefined;
}

type TextProblem = 'malformed' | 'unstorable';

/** Decodes one %-encoded component (a query's '+' is a space) and says what is wrong with it, if anything. */
function checkText(raw: string, form = false): TextProblem | undefined {
  if (!raw.includes('%')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(form ? raw.replaceAll('+', ' ') : raw);
  } catch {
    return 'malformed';
  }
  return unstorableText(decoded) ? 'unstorable' : undefined;
}

function describe(path: string, what: string, whatZh: string, raw: string, kind: TextProblem): FieldError {
  // The raw text is the URL's own (ASCII, still %-encoded): safe to quote, shortened if long.
  const shown = JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
  return kind === 'malformed'
    ? {
        path,
        message: `${what} ${shown} is not valid %-encoded UTF-8 (a malformed %-escape or an unpaired UTF-16 surrogate)`,
        messageZh: `${whatZh} ${shown} 不是合法的百分号编码 UTF-8（百分号转义格式错误或含不成对的 UTF-16 代理项）`,
      }
    : { path, message: `${what} ${shown} ${UNSTORABLE_TEXT.message}`, messageZh: `${whatZh} ${shown} ${UNSTORABLE_TEXT.messageZh}` };
}
