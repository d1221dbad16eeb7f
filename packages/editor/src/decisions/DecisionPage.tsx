import './decisions.css';
import type { PolicyDocument } from '@sluice/engine';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, useSession } from '../app/session.js';
import { useFormat } from '../format/useFormat.js';
import { caseFromDecision } from '../policyTests/api.js';
import { SaveAsCase } from '../policyTests/SaveAsCase.js';
import { pathOf, repEffects, type StoredDecision } from './explain.js';
import { Explanation } from './Explanation.js';
import { namespace } from './messages.js';
import { errorText, useLoad, useRepNames } from './useLoad.js';

// The canvas (React Flow and the node catalog) loads only when a decision is opened.
const PolicyCanvas = lazy(() => import('../policy/PolicyCanvas.js').then((m) => ({ default: m.PolicyCanvas })));

interface Version {
  version: number;
  note: string;
  publishedAt: string;
  document: PolicyDocument;
}

/**
 * One decision: its explanation beside the path it took, drawn on the canvas of the policy
 * VERSION that decided (not today's draft), so what is lit is what ran.
 */
export default function DecisionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const names = useRepNames();
  const { user } = useSession();
  const decision = useLoad<StoredDecision>(`/v1/decisions/${encodeURIComponent(id)}`);
  const d = decision.data;
  const versionPath = d && d.policy.version > 0 ? `/v1/policies/${encodeURIComponent(d.policy.key)}/versions/${d.policy.version}` : null;
  const version = useLoad<Version>(versionPath);
  const highlight = useMemo(() => (d && version.data ? pathOf(d, version.data.document.edges) : null), [d, version.data]);
  const repLabel = (rid: string) => (names[rid] ? `${names[rid]} (${rid})` : rid);

  const focusNode = (nodeId: string) => {
    const card = document.querySelector<HTMLElement>(`.visited-node[data-node="${CSS.escape(nodeId)}"]`);
    if (!card) return;
    card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    card.classList.add('flash');
    setTimeout(() => card.classList.remove('flash'), 1200);
  };

  return (
    <div className="decision-page">
      <p>
        <Link to="/decisions">← {t('page.back')}</Link>
      </p>
      {decision.loading && !d && <p aria-live="polite">{t('page.loading')}</p>}
      {decision.error && (
        <p role="alert" className="error-text">
          {decision.error && 'status' in decision.error && decision.error.status === 404
            ? t('page.notFound')
            : t('error', { message: errorText(decision.error, format.lang) })}
        </p>
      )}
      {d && (
        <>
          <header className="decision-head">
            {/* The summary is the page's title, said once (the explanation beside it leaves it out). */}
            <h1 className="explanation-summary" data-testid="summary">
              {d.explanation.summary[format.lang] || t('noAction')}
            </h1>
            <p className="muted">
              {t('page.at', { at: format.dateTime(d.at), relative: format.relative(d.at, Date.now()) })} ·{' '}
              {t('page.event', { type: d.eventType, id: d.eventId })}
              {d.leadId && (
                <>
                  {' · '}
                  {t('page.lead')}{' '}
                  <Link to={`/decisions?leadId=${encodeURIComponent(d.leadId)}`} title={t('page.otherForLead')}>
                    {d.leadId}
                  </Link>
                </>
              )}
            </p>
            <ul className="rep-effects inline">
              {repEffects(d.actions as never).map((r) => (
                <li key={`${r.repId}-${r.effect}`}>
                  <Link to={`/decisions?repId=${encodeURIComponent(r.repId)}`}>{repLabel(r.repId)}</Link>{' '}
                  <span className={`effect effect-${r.effect}`}>{t(`effect.${r.effect}`)}</span>
                </li>
              ))}
            </ul>
            {can(user?.role, 'editDraft') && (
              <SaveAsCase
                policyKey={d.policy.key}
                linkToTests
                save={(name) => caseFromDecision(d.decisionId, { ...(name ? { name } : {}), addToDraft: true })}
              />
            )}
          </header>
          <div className="decision-body">
            <section className="decision-canvas" aria-labelledby="canvas-heading">
              <h2 id="canvas-heading">{t('page.canvasHeading', { key: d.policy.key, version: d.policy.version })}</h2>
              {!versionPath && <p className="muted">{t('page.dryRunVersion')}</p>}
              {version.error && (
                <p role="alert" className="error-text">
                  {t('page.versionMissing', { key: d.policy.key, version: d.policy.version })}
                </p>
              )}
              {version.data && (
                <Suspense fallback={<div className="canvas-placeholder">{t('page.loading')}</div>}>
                  <PolicyCanvas doc={version.data.document} readOnly highlight={highlight} onSelectNode={focusNode} height={520} />
                </Suspense>
              )}
              {!version.data && versionPath && !version.error && <div className="canvas-placeholder">{t('page.loading')}</div>}
            </section>
            <section className="decision-explanation" aria-labelledby="explanation-heading">
              <h2 id="explanation-heading">{t('explanation')}</h2>
              <Explanation decision={d} format={format} repNames={names} summaryInHeading />
            </section>
          </div>
        </>
      )}
    </div>
  );
}
