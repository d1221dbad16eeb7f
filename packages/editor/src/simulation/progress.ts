import { useEffect, useState } from 'react';
import { eventsUrl } from './api.js';
import type { SimulationStatus, Words } from './types.js';

export interface LiveProgress {
  done: number;
  total: number;
  phase?: string;
  /** The candidate being replayed (phase replay). */
  label?: string;
  /** Set once the stream said how it ended. */
  ended?: Exclude<SimulationStatus, 'queued' | 'running'>;
  error?: Words | string;
}

/**
 * Follows a running simulation through its server-sent events. The stream ends the job's story
 * (done, failed, cancelled); the caller then reloads the simulation for its report. EventSource
 * reconnects on its own after a dropped connection, so a proxy hiccup does not stop the bar.
 */
export function useSimulationEvents(id: string, active: boolean): LiveProgress | null {
  return useJobEvents(active ? eventsUrl(id) : null);
}

/** The same for any background job of the server's worker (a model's training too): `url` null = not running. */
export function useJobEvents(url: string | null): LiveProgress | null {
  const [progress, setProgress] = useState<LiveProgress | null>(null);
  useEffect(() => {
    if (url === null || typeof EventSource === 'undefined') return;
    const source = new EventSource(url, { withCredentials: true });
    const read = (e: MessageEvent): Record<string, unknown> => {
      try {
        return JSON.parse(String(e.data)) as Record<string, unknown>;
      } catch {
        return {};
      }
    };
    source.addEventListener('progress', (e) => {
      const d = read(e as MessageEvent);
      setProgress((p) => ({
        ...p,
        done: Number(d.done ?? 0),
        total: Number(d.total ?? 0),
        ...(typeof d.phase === 'string' ? { phase: d.phase } : {}),
        ...(typeof d.label === 'string' ? { label: d.label } : {}),
      }));
    });
    const end = (ended: LiveProgress['ended']) => (e: Event) => {
      const d = e instanceof MessageEvent ? read(e) : {};
      setProgress((p) => ({
        done: p?.done ?? 0,
        total: p?.total ?? 0,
        ...(p?.phase ? { phase: p.phase } : {}),
        ended,
        ...(d.error ? { error: d.error as Words } : {}),
      }));
      source.close();
    };
    source.addEventListener('done', end('done'));
    source.addEventListener('failed', end('failed'));
    source.addEventListener('cancelled', end('cancelled'));
    return () => source.close();
  }, [url]);
  return progress;
}
