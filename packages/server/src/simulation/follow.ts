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
    try {
      let sent = '';
      let row = first;
      for (;;) {
        const progress = runner.live(tenantId, row.id) ?? row.progress;
        const data = JSON.stringify(progress);
        if (data !== sent && !TERMINAL.has(row.status)) {
          sent = data;
          await stream.writeSSE({ event: 'progress', data });
        }
        if (row.status === 'done') return void (await stream.writeSSE({ event: 'done', data: JSON.stringify(await doneData(row)) }));
        if (row.status === 'failed') return void (await stream.writeSSE({ event: 'failed', data: JSON.stringify({ error: row.error }) }));
        if (row.status === 'cancelled') return void (await stream.writeSSE({ event: 'cancelled', data: JSON.stringify({ status: 'cancelled' }) }));
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 1000);
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
