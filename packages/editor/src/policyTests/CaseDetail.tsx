import { type CaseResult, EXPECTATION_LABELS, type ExpectationKind, type PolicyDocument } from '@sluice/engine';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/useFormat.js';
import { PolicyCanvas } from '../policy/PolicyCanvas.js';
import { useLang } from '../policy/useLang.js';
import { namespace } from './messages.js';
import { caseStatus, givenSummary, stepOfPath, stepPath, valueText, whenSummary } from './results.js';

type Light = { nodes: string[]; edges: string[] } | null;

interface Props {
  doc: PolicyDocument;
  /** The case as written in the document. */
  input: unknown;
  name: string;
  /** Its last result (none before it ran). */
  result: CaseResult | undefined;
  onPath: (path: Light) => void;
}

/** One case: what it starts from, its steps (each with its path), and each expectation, expected vs actual. */
export function CaseDetail({ doc, input, name, result, onPath }: Props) {
  const { t } = useTranslation(namespace);
  const lang = useLang();
  const format = useFormat();
  const [lit, setLit] = useState<{ step: string; path: Light } | null>(null);
  const c = (input ?? {}) as { given?: unknown; when?: unknown; description?: string };
  const given = givenSummary(c.given);
  const steps = whenSummary(c.when);
  const status = result ? caseStatus(result) : null;
  const at = (iso: string | undefined) => (iso ? format.dateTime(iso) : '?');

  const light = (stepPathName: string) => {
    if (lit?.step === stepPathName) {
      setLit(null);
      onPath(null);
      return;
    }
    const trace = result?.steps.find((s) => s.path === stepPathName);
    const path = trace ? stepPath(trace.visited, doc.edges) : null;
    setLit({ step: stepPathName, path });
    onPath(path);
  };

  return (
    <article className="test-case" data-testid="test-case" data-status={status ?? 'not-run'}>
      <h3>
        {status && <span className={`test-badge test-${status}`}>{t(`status.${status}`)}</span>} {name}
      </h3>
      {c.description && <p className="muted">{c.description}</p>}
      <h4>{t('case.given')}</h4>
      <p data-testid="case-given">
        {given.tenant && `${t('case.givenTenant')} `}
        {given.counts.length === 0 && !given.tenant
          ? t('case.givenNothing')
          : given.counts
              .map((g) => t(`given.${g.kind}`, { count: g.count, defaultValue: t('given.other', { kind: g.kind, count: g.count }) }))
              .join(lang === 'zh' ? '，' : ', ')}
      </p>
      <h4>{t('case.when')}</h4>
      <ol className="test-steps" data-testid="case-steps">
        {steps.map((s) => {
          const trace = result?.steps.find((x) => x.path === s.path);
          return (
            <li key={s.path} data-step={s.path}>
              {s.kind === 'tick'
                ? t('case.tick', { at: at(s.at) })
                : s.lead
                  ? t('case.event', { type: s.type, lead: s.lead, at: at(s.at) })
                  : t('case.eventNoLead', { type: s.type, at: at(s.at) })}
              {trace && (
                <>
                  {' '}
                  <span className="muted">· {t('case.visited', { count: trace.visited.length })}</span>
                  {trace.refused && <span className="muted"> · {t('case.refused', { code: trace.refused })}</span>}{' '}
                  <button type="button" onClick={() => light(s.path)} aria-pressed={lit?.step === s.path} data-testid={`show-path-${s.path}`}>
                    {lit?.step === s.path ? t('case.hidePath') : t('case.showPath')}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ol>
      {lit?.path && <PolicyCanvas doc={doc} readOnly highlight={lit.path} height={360} />}
      {result?.error && (
        <div role="alert" className="problem" data-testid="case-error">
          <p>
            {t('case.error')} {result.error.message[lang]}
          </p>
          <ul>
            {result.error.issues.map((i) => (
              <li key={i.path}>
                <code>{i.path}</code>: {i.message[lang]}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result && result.expectations.length > 0 && (
        <>
          <h4>{t('case.expectations')}</h4>
          <table className="expectations-table" data-testid="expectations">
            <thead>
              <tr>
                <th scope="col">{t('case.label')}</th>
                <th scope="col">{t('case.path')}</th>
                <th scope="col">{t('case.expected')}</th>
                <th scope="col">{t('case.actual')}</th>
                <th scope="col">{t('case.result')}</th>
              </tr>
            </thead>
            <tbody>
              {result.expectations.map((x) => (
                <tr key={x.path} data-path={x.path} data-passed={x.passed} className={x.passed ? 'ok' : 'bad'}>
                  <td>{(EXPECTATION_LABELS[x.kind as ExpectationKind] ?? x.label)[lang]}</td>
                  <td>
                    <code>{x.path}</code> {stepOfPath(x.path) === null && <span className="muted">({t('case.final')})</span>}
                  </td>
                  <td className="mono">{valueText(x.expected)}</td>
                  <td className="mono">{valueText(x.actual)}</td>
                  <td title={x.reason[lang]}>{t(`status.${x.passed ? 'pass' : 'fail'}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </article>
  );
}
