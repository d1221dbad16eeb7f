import { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { isDatabaseUnavailable, unavailableReason } from '../../db/unavailable.js';
import type { AppEnv } from '../../http/context.js';
import { CSV_COLUMNS, csvLine, csvRow, jsonLine } from './export.js';
import type { Cursor } from '../../http/cursor.js';
import { pageOfDecisions, type DecisionFilter } from './query.js';

const EXPORT_PAGE = 500;

type Page = Awaited<ReturnType<typeof pageOfDecisions>>;

/** The HTTP trailer that carries the number of decisions of a complete export (both formats). */
export const ROW_COUNT_TRAILER = 'Sluice-Row-Count';

/**
 * The decision export as a streamed response, oldest first, one keyset page in memory at a time.
 *
 * How a reader tells a complete file from a cut one:
 * - The first page is read before the status line is sent, so a database that fails at once
 *   answers a problem (5xx/503) instead of a 200 that stops.
 * - Complete: the chunked body ends normally; JSONL's last line is `{"end":{"rows":N}}`; the
 *   `Sluice-Row-Count: N` trailer (declared in `Trailer`) says the same for both formats.
 * - Cut by a database error: JSONL gets a last line `{"error":{…}}` in English and Chinese, and
 *   then, like CSV, the connection is closed without the terminating chunk, which curl (exit 18),
 *   fetch (rejects), browsers (download failed) and HTTP libraries report as an error. CSV gets
 *   no error row: it stays valid CSV, and a spreadsheet is never handed a row that is not data.
 */
export async function exportResponse(c: Context<AppEnv>, format: 'csv' | 'jsonl', filter: DecisionFilter): Promise<Response> {
  const db = c.var.deps.database.db;
  const tenantId = c.var.auth.tenantId;
  const pageAfter = (after: Cursor | undefined) => pageOfDecisions(db, tenantId, filter, EXPORT_PAGE, after, 'oldest');
  const line = format === 'csv' ? csvLine : jsonLine;
  const encoder = new TextEncoder();
  const http1 = nodeResponse(c);

  // Read before the status line is sent: a database failing now gets a problem answer.
  let page: Page | undefined = await pageAfter(undefined);
  let next: Cursor | undefined;
  let rows = 0;
  let failure: unknown;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === 'csv') controller.enqueue(encoder.encode(csvRow(CSV_COLUMNS)));
    },
    async pull(controller) {
      if (failure !== undefined) return abort(controller, http1, failure);
      let text: string;
      try {
        // Only the first page is read ahead; a later one is asked for when the previous was sent.
        const current = page ?? (await pageAfter(next));
        page = undefined;
        text = current.rows.map(line).join('');
        rows += current.rows.length;
        next = current.next;
      } catch (error) {
        failure = error;
        logCut(c, error, rows);
        if (format === 'jsonl') return controller.enqueue(encoder.encode(errorLine(error, rows)));
        return abort(controller, http1, failure);
      }
      if (text) controller.enqueue(encoder.encode(text));
      if (next) return;
      if (format === 'jsonl') controller.enqueue(encoder.encode(JSON.stringify({ end: { rows } }) + '\n'));
      if (http1?.chunkedEncoding) http1.addTrailers({ [ROW_COUNT_TRAILER]: String(rows) });
      controller.close();
    },
  });

  const stamp = new Date(c.var.deps.now()).toISOString().slice(0, 10);
  const headers: Record<string, string> = {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'content-disposition': `attachment; filename="decisions-${stamp}.${format}"`,
  };
  if (http1 && http1.req.httpVersion !== '1.0') {
    // Trailers need a chunked body: without this, a short export would be sent with a
    // Content-Length (by @hono/node-server) and the trailer dropped. (HTTP/1.0 has neither.)
    headers['transfer-encoding'] = 'chunked';
    headers.trailer = ROW_COUNT_TRAILER;
  }
  return new Response(stream, { status: 200, headers });
}

function logCut(c: Context<AppEnv>, error: unknown, rows: number): void {
  const line = `sluice: a decision export stopped after ${rows} rows / 决策导出在第 ${rows} 行后中断`;
  if (!isDatabaseUnavailable(error)) {
    console.error(line, error);
    return;
  }
  // An outage is logged once however many requests meet it (db/outage.ts); this says what it cut.
  c.var.deps.database.outage.failed(error);
  console.error(`${line}: ${unavailableReason(error)}`);
}

/** The last line of a JSONL export cut short: what happened, and how many rows came before. */
export function errorLine(error: unknown, rows: number): string {
  const unavailable = isDatabaseUnavailable(error);
  return (
    JSON.stringify({
      error: {
        type: `https://sluice.dev/problems/${unavailable ? 'database-unavailable' : 'internal'}`,
        status: unavailable ? 503 : 500,
        title: `The export stopped after ${rows} rows: ${unavailable ? 'the database stopped answering' : 'a database error'}. This file is incomplete; export again.`,
        titleZh: `导出在第 ${rows} 行后中断：${unavailable ? '数据库无响应' : '数据库出错'}。此文件不完整，请重新导出。`,
        rows,
      },
    }) + '\n'
  );
}

/**
 * Ends the response without the terminating chunk, so the reader sees a broken transfer rather
 * than a clean end of file. What was already written (the JSONL error line) is let out first.
 */
async function abort(controller: ReadableStreamDefaultController<Uint8Array>, http1: ServerResponse | undefined, error: unknown): Promise<void> {
  if (!http1) return controller.error(error);
  await flushed(http1);
  // @hono/node-server cancels the stream when the response closes; erroring the stream instead
  // would make it log the same error a second time.
  http1.destroy();
}

/**
 * Resolves once the bytes handed to the response have left the process, or after about 5 s (a
 * reader that stopped reading does not hold the export open).
 */
async function flushed(res: ServerResponse): Promise<void> {
  // Node sends a chunk on the next tick (it corks the socket meanwhile).
  await new Promise((resolve) => setImmediate(resolve));
  for (let i = 0; i < 500 && !res.destroyed && res.writableLength > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The Node HTTP/1 response under @hono/node-server (its `env.outgoing`), if that is what serves us. */
function nodeResponse(c: Context<AppEnv>): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}
