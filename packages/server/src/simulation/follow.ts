/**
 * A background job's server-sent events (a simulation's or a model training's): progress while it
 * runs, then one closing event — done, failed or cancelled. Woken by this process's runner; a
 * one-second poll covers a job run or cancelled by another replica.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../http/context.js';
import { jobKey, type JobProgress, type JobStatus, type SimulationRunner } from './runner.js';

export interface FollowedRow {
  id: string;
  status: string;
  progress: JobProgress;
  error: unknown;
}

const TERMINAL = new Set<string>(['done', 'failed', 'cancelled'] satisfies JobStatus[]);

/**
 * A comment line this often while nothing else is sent: an import or a comparison can run for
 * minutes without progress, and proxies and browsers close a stream silent for 30–60 s.
 */
function heartbeatMs(): number {
  const set = Number(process.env.SLUICE_SSE_HEARTBEAT_MS);
  return Number.isFinite(set) && set > 0 ? set : 15_000;
}

export function followJob<R extends FollowedRow>(
  c: Context<AppEnv>,
  runner: SimulationRunner,
  tenantId: string,
  first: R,
  reload: (id: string) => Promise<R>,
  doneData: (row: R) => Promise<Record<string, unknown>> | Record<string, unknown> = () => ({ status: 'done' }),
) {
  const key = jobKey(tenantId, first.id);
  return streamSSE(c, async (stream) => {
    let wake: (() => void) | undefined;
    const onChange = (k: string) => {
      if (k === key) wake?.();
    };
    runner.events.on('change', onChange);
    stream.onAbort(() => wake?.());
    const heartbeat = heartbeatMs();
    try {
      let sent = '';
      let lastWrite = Date.now();
      let row = first;
      for (;;) {
        const progress = runner.live(tenantId, row.id) ?? row.progress;
        const data = JSON.stringify(progress);
        if (data !== sent && !TERMINAL.has(row.status)) {
          sent = data;
          await stream.writeSSE({ event: 'progress', data });
          lastWrite = Date.now();
        } else if (!TERMINAL.has(row.status) && Date.now() - lastWrite >= heartbeat) {
          await stream.write(': keep-alive\n\n');
          lastWrite = Date.now();
        }
        if (row.status === 'done') return void (await stream.writeSSE({ event: 'done', data: JSON.stringify(await doneData(row)) }));
        if (row.status === 'failed') return void (await stream.writeSSE({ event: 'failed', data: JSON.stringify({ error: row.error }) }));
        if (row.status === 'cancelled') return void (await stream.writeSSE({ event: 'cancelled', data: JSON.stringify({ status: 'cancelled' }) }));
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(1000, heartbeat));
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        if (stream.aborted) return;
        row = await reload(row.id);
      }
    } finally {
      runner.events.off('change', onChange);
    }
  });
}
