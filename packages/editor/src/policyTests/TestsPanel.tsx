import type { CaseResult, PolicyDocument } from '@sluice/engine';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../policy/useLang.js';
import { problemText } from './api.js';
import { CaseDetail } from './CaseDetail.js';
import { CaseNameHints } from './CaseNameHints.js';
import { namespace } from './messages.js';
import { caseStatus } from './results.js';
import type { TestRuns } from './useTestRuns.js';
import './policyTests.css';

type Light = { nodes: string[]; edges: string[] } | null;

interface Props {
  doc: PolicyDocument;
  runs: TestRuns;
  /** Lights a step's path on the editor's canvas too (null: nothing lit). */
  onPath: (path: Light) => void;
}

interface CaseRow {
  id: string;
  name: { en?: string; zh?: string } | undefined;
  input: unknown;
}

const rowsOf = (doc: PolicyDocument): CaseRow[] =>
  (Array.isArray(doc.tests) ? doc.tests : []).map((c, i) => {
    const x = (c ?? {}) as { id?: unknown; name?: { en?: string; zh?: string } };
    return { id: typeof x.id === 'string' ? x.id : `#${i + 1}`, name: x.name, input: c };
  });

/** The Tests tab: the policy's cases with their last result, "Run all", and one case opened. */
export function TestsPanel({ doc, runs, onPath }: Props) {
  const { t } = useTranslation(namespace);
  const lang = useLang();
  const [open, setOpen] = useState<string | null>(null);
  const rows = rowsOf(doc);
  const report = runs.latest?.report ?? null;
  const results = new Map<string, CaseResult>((report?.cases ?? []).map((c) => [c.id, c]));
  const problem = runs.latest?.problem;
  const opened = open === null ? undefined : rows.find((r) => r.id === open);
  const nameOf = (r: CaseRow) => r.name?.[lang] || r.name?.en || r.name?.zh || r.id;

  if (opened) {
    const openedResult = results.get(opened.id);
    return (
      <section className="tests-panel" aria-label={t('title')}>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setOpen(null);
            onPath(null);
          }}
        >
          ← {t('case.back')}
        </button>
        {openedResult && caseStatus(openedResult) !== 'pass' && <CaseNameHints caseId={opened.id} name={nameOf(opened)} onDeleted={() => setOpen(null)} />}
        <CaseDetail doc={doc} input={opened.input} name={nameOf(opened)} result={openedResult} onPath={onPath} />
      </section>
    );
  }

  return (
    <section className="tests-panel" aria-label={t('title')}>
      <div className="tests-head">
        <h2>{t('title')}</h2>
        <button type="button" className="primary" onClick={runs.runNow} disabled={runs.running || rows.length === 0} data-testid="tests-run-all">
          {runs.running ? t('running') : t('runAll')}
        </button>
        {report && (
          <span className={`tests-counts ${report.passed ? 'ok' : 'bad'}`} data-testid="tests-counts">
            {t('counts', report.counts)}
          </span>
        )}
      </div>
      {problem === 'notRunnable' && <p className="muted">{t('notRunnable')}</p>}
      {problem != null && problem !== 'notRunnable' && (
        <pre role="alert" className="problem">
          {problemText(problem, lang === 'zh')}
        </pre>
      )}
      {rows.length === 0 ? (
        <p className="muted" data-testid="tests-none">
          {t('none')}
        </p>
      ) : (
        <ul className="tests-list" data-testid="tests-list">
          {rows.map((r) => {
            const result = results.get(r.id);
            const status = result ? caseStatus(result) : null;
            return (
              <li key={r.id} data-case={r.id} data-status={status ?? 'not-run'}>
                <span className={`test-badge test-${status ?? 'not-run'}`}>{status ? t(`status.${status}`) : '…'}</span>{' '}
                <button type="button" className="link-button" onClick={() => setOpen(r.id)}>
                  {nameOf(r)}
                </button>{' '}
                <code className="muted">{r.id}</code>
                {status !== null && status !== 'pass' && <CaseNameHints caseId={r.id} name={nameOf(r)} />}
              </li>
            );
          })}
        </ul>
      )}
      {!report && !problem && rows.length > 0 && <p className="muted">{runs.running ? t('running') : t('notRun')}</p>}
    </section>
  );
}

export default TestsPanel;
