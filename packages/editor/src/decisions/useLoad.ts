import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api/client.js';
import { problemMessage } from '../format/bilingual.js';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  reload(): void;
}

/** GET `path` (null: nothing to load yet); a newer path wins over an answer still on its way. */
export function useLoad<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | Error | undefined; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: path !== null,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>('GET', path).then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error: unknown) => live && setState({ data: undefined, error: error instanceof Error ? error : new Error(String(error)), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

/** An API error in the chosen language: the server's Chinese detail and field messages when there are some. */
export function errorText(error: unknown, lang: 'zh' | 'en'): string {
  if (error instanceof ApiError) {
    const head = lang === 'zh' ? (error.detailZh ?? error.detail) : error.detail;
    const fields = error.errors.map((e) => `${e.path}: ${problemMessage(e, lang)}`);
    return [head, ...fields].join(' · ');
  }
  return error instanceof Error ? error.message : String(error);
}

interface RepList {
  items: Array<{ id: string; name?: string }>;
  next: string | null;
}

let repNames: Promise<Record<string, string>> | null = null;

/** Rep id → name for the tenant (one request per page load; roster edits call forgetRepNames). */
export function useRepNames(): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    repNames ??= api<RepList>('GET', '/v1/reps?limit=5000').then(
      (r) => Object.fromEntries(r.items.filter((x) => x.name).map((x) => [x.id, x.name!])),
      () => {
        repNames = null;
        return {};
      },
    );
    void repNames.then((n) => live && setNames(n));
    return () => {
      live = false;
    };
  }, []);
  return names;
}

export function forgetRepNames(): void {
  repNames = null;
}
