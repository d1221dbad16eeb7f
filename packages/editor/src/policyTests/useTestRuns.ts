import type { PolicyDocument, PolicyTestRun } from '@sluice/engine';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.js';
import { runTests } from './api.js';

/** A run of a document's cases: the report, or why there is none (it does not compile, the request failed). */
export interface TestRun {
  doc: PolicyDocument;
  report: PolicyTestRun | null;
  problem: unknown;
}

export interface TestRuns {
  /** The cases run on the document last saved (what an edit is compared with). */
  saved: TestRun | null;
  /** The cases run on the document being edited (equal to `saved` while nothing is edited). */
  latest: TestRun | null;
  running: boolean;
  /** Runs the document being edited now (the Tests tab's "Run all"). */
  runNow(): void;
}

/** How long typing must pause before an edit's cases run. */
export const EDIT_DEBOUNCE_MS = 600;

const hasCases = (doc: PolicyDocument) => Array.isArray(doc.tests) && doc.tests.length > 0;

/**
 * Runs the policy's test cases on the server (tests/run with the unsaved document): once for the
 * saved document, and again after each edit once typing pauses. A newer edit aborts the request of
 * an older one, and a document that does not compile in the browser is not sent at all.
 */
export function useTestRuns(policyKey: string, doc: PolicyDocument, saved: PolicyDocument, compiles: boolean, delayMs = EDIT_DEBOUNCE_MS): TestRuns {
  const [savedRun, setSavedRun] = useState<TestRun | null>(null);
  const [latest, setLatest] = useState<TestRun | null>(null);
  const [running, setRunning] = useState(false);
  const pending = useRef<AbortController | null>(null);
  const savedDoc = useRef(saved);
  savedDoc.current = saved;

  const run = useCallback(
    async (d: PolicyDocument, signal: AbortSignal): Promise<TestRun | null> => {
      try {
        return { doc: d, report: await runTests(policyKey, { document: d }, signal), problem: null };
      } catch (e) {
        if (signal.aborted) return null;
        return { doc: d, report: null, problem: e instanceof ApiError || e instanceof Error ? e : String(e) };
      }
    },
    [policyKey],
  );

  // The saved document's results: the baseline an edit is compared against.
  useEffect(() => {
    if (!hasCases(saved)) {
      setSavedRun({ doc: saved, report: null, problem: null });
      return;
    }
    const abort = new AbortController();
    void run(saved, abort.signal).then((r) => r && setSavedRun(r));
    return () => abort.abort();
  }, [saved, run]);

  const start = useCallback(
    (d: PolicyDocument) => {
      pending.current?.abort();
      const abort = new AbortController();
      pending.current = abort;
      setRunning(true);
      void run(d, abort.signal).then((r) => {
        if (abort.signal.aborted || !r) return;
        setLatest(r);
        if (r.doc === savedDoc.current) setSavedRun(r);
        setRunning(false);
      });
    },
    [run],
  );

  useEffect(() => {
    pending.current?.abort();
    setRunning(false);
    if (doc === saved || !hasCases(doc)) return;
    if (!compiles) {
      setLatest({ doc, report: null, problem: 'notRunnable' });
      return;
    }
    const timer = setTimeout(() => start(doc), delayMs);
    return () => clearTimeout(timer);
  }, [doc, saved, compiles, delayMs, start]);

  useEffect(() => () => pending.current?.abort(), []);

  const runNow = useCallback(() => start(doc), [start, doc]);
  const shown = latest?.doc === doc ? latest : doc === saved && savedRun?.doc === saved ? savedRun : null;
  return { saved: savedRun?.doc === saved ? savedRun : null, latest: shown, running, runNow };
}
