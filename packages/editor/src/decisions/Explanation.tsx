import type { CandidateRow, ConditionTrace, VisitedNode } from '@sluice/engine';
import { useTranslation } from 'react-i18next';
import type { Formatter } from '../format/format.js';
import { kindInfo } from '../policy/catalog.js';
import { CandidateTable } from './CandidateTable.js';
import { SmartScoreTop } from './SmartScoreTop.js';
import { isLeaf, operatorText, valueText, type StoredDecision } from './explain.js';
import { namespace } from './messages.js';

interface Props {
  decision: StoredDecision;
  format: Formatter;
  /** Rep id → name, for the candidate table and the actions. */
  repNames?: Record<string, string>;
  /** Picks a node on the canvas beside it. */
  onSelectNode?: (nodeId: string) => void;
  /** The page's heading already states the summary: it is not repeated here. */
  summaryInHeading?: boolean;
}

/**
 * A decision told the way a sales-ops person asks about it: what happened (summary, actions), then
 * node by node what the flow saw — each condition with the value it read, the score breakdown,
 * the candidate table (who was chosen, who was skipped and why) and what was left out.
 */
export function Explanation({ decision, format, repNames = {}, onSelectNode, summaryInHeading = false }: Props) {
  const { t } = useTranslation(namespace);
  const lang = format.lang;
  const ex = decision.explanation;
  const rep = (id: string | null | undefined) => (id ? (repNames[id] ? `${repNames[id]} (${id})` : id) : t('none'));
  return (
    <article className="explanation" aria-label={t('explanation')}>
      {!summaryInHeading && (
        <p className="explanation-summary" data-testid="summary">
          {ex.summary[lang] || t('noAction')}
        </p>
      )}
      {!decision.triggered && <p className="muted">{t('notTriggered')}</p>}

      <section aria-labelledby="ex-actions">
        <h3 id="ex-actions">{t('actions')}</h3>
        {decision.actions.length === 0 ? (
          <p className="muted">{t('noAction')}</p>
        ) : (
          <ul className="action-list">
            {decision.actions.map((a, i) => (
              <li key={i}>
                <strong>{t(`action.${a.type}`)}</strong> {actionText(a, rep, lang, t)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="ex-path">
        <h3 id="ex-path">{t('path')}</h3>
        <ol className="visited">
          {ex.visited.map((v) => (
            <VisitedCard key={v.nodeId} node={v} lang={lang} format={format} rep={rep} onSelectNode={onSelectNode} />
          ))}
        </ol>
      </section>

      {ex.warnings && ex.warnings.length > 0 && (
        <section aria-labelledby="ex-warnings">
          <h3 id="ex-warnings">{t('warnings')}</h3>
          <ul>
            {ex.warnings.map((w, i) => (
              <li key={i}>
                {w.message[lang]} <span className="muted">({w.nodeId})</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {ex.overrides && ex.overrides.length > 0 && (
        <section aria-labelledby="ex-overrides">
          <h3 id="ex-overrides">{t('overrides')}</h3>
          <ul>
            {ex.overrides.map((o, i) => (
              <li key={i}>
                {format.dateTime(o.at)} · {o.reason} · {t('approver')}: {o.approver}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

type T = (key: string, options?: Record<string, unknown>) => string;

function actionText(a: StoredDecision['actions'][number], rep: (id: string | null | undefined) => string, lang: 'zh' | 'en', t: T): string {
  switch (a.type) {
    case 'assign':
      return t('actionText.assign', { lead: a.leadId, rep: rep(a.repId), previous: rep(a.previousOwnerId), strategy: a.strategy });
    case 'toPool':
      return t('actionText.toPool', { lead: a.leadId, pool: a.poolId, previous: rep(a.previousOwnerId) });
    case 'queue':
      return t('actionText.queue', { lead: a.leadId, queue: a.queueId });
    case 'score':
      return t('actionText.score', { lead: a.leadId, score: a.score, grade: a.grade ?? '—' });
    case 'notify':
      return `${a.to.map((r) => (r.kind === 'rep' ? rep(r.id) : `${r.kind}:${r.id}`)).join(', ')}: ${a.message[lang]}`;
    case 'schedule':
      return t('actionText.schedule', { lead: a.leadId, step: a.step, due: a.due });
    case 'split':
      return a.shares.map((s) => `${rep(s.repId)} ${shareText(s)}`).join(' · ');
    default:
      return JSON.stringify(a);
  }
}

function shareText(s: object): string {
  const x = s as { basisPoints?: number; share?: number; amountCents?: number };
  if (x.basisPoints !== undefined) return `${(x.basisPoints / 100).toFixed(2)}%`;
  if (x.share !== undefined) return `${(x.share * 100).toFixed(2)}%`;
  return '';
}

interface CardProps {
  node: VisitedNode;
  lang: 'zh' | 'en';
  format: Formatter;
  rep: (id: string | null | undefined) => string;
  onSelectNode: ((nodeId: string) => void) | undefined;
}

function VisitedCard({ node, lang, format, rep, onSelectNode }: CardProps) {
  const { t } = useTranslation(namespace);
  const detail = node.detail ?? {};
  const breakdown = Array.isArray(detail.breakdown) ? (detail.breakdown as Array<{ label?: string; kind?: string; points?: number }>) : undefined;
  const clocks = Array.isArray(detail.clocks) ? (detail.clocks as Array<Record<string, unknown>>) : undefined;
  // A smart score's pushes get their own table (SmartScoreTop) instead of a line of JSON.
  const smartTop = node.kind === 'score.model' ? detail.top : undefined;
  const rest = Object.entries(detail).filter(([k]) => k !== 'breakdown' && k !== 'clocks' && !(smartTop !== undefined && k === 'top'));
  return (
    <li className="visited-node" data-node={node.nodeId}>
      <header>
        {onSelectNode ? (
          <button type="button" className="link" onClick={() => onSelectNode(node.nodeId)}>
            {node.label ?? node.nodeId}
          </button>
        ) : (
          <span>{node.label ?? node.nodeId}</span>
        )}
        <span className="muted">
          {' · '}
          {kindInfo(node.kind)?.labels[lang] ?? node.kind}
          {node.label ? ` · ${node.nodeId}` : ''}
        </span>
        <span className="result-badge" data-result={node.result}>
          {t('result')}: {node.result}
        </span>
      </header>
      {node.note && <p className="note">{node.note[lang]}</p>}
      {node.condition && <ConditionTree trace={node.condition} />}
      {node.branches?.map((b) => (
        <div key={b.handle} className="branch">
          <span className="muted">{t('branch', { handle: b.handle })}</span>
          <ConditionTree trace={b.condition} />
        </div>
      ))}
      {node.absentFacts && node.absentFacts.length > 0 && (
        <ul className="absent">
          {node.absentFacts.map((f) => (
            <li key={f.fact}>{f.message[lang]}</li>
          ))}
        </ul>
      )}
      {breakdown && (
        <table className="breakdown">
          <caption>{t('scoreBreakdown')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rule')}</th>
              <th scope="col">{t('kind')}</th>
              <th scope="col">{t('points')}</th>
            </tr>
          </thead>
          <tbody>
            {breakdown.map((b, i) => (
              <tr key={i}>
                <td>{b.label ?? '—'}</td>
                <td>{b.kind ?? '—'}</td>
                <td className="num">{format.number(b.points)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {smartTop !== undefined && <SmartScoreTop top={smartTop} format={format} />}
      {clocks && (
        <table className="clocks">
          <caption>{t('clocks')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rule')}</th>
              <th scope="col">{t('since')}</th>
              <th scope="col">{t('elapsed')}</th>
              <th scope="col">{t('dueAt')}</th>
              <th scope="col">{t('due')}</th>
            </tr>
          </thead>
          <tbody>
            {clocks.map((c, i) => (
              <tr key={i} className={c.due ? 'is-due' : undefined}>
                <td>{String(c.rule ?? '—')}</td>
                <td>{format.dateTime(c.since as string)}</td>
                <td className="num">
                  {format.number(c.elapsedDays as number)} / {format.number(c.days as number)}
                </td>
                <td>{format.dateTime(c.dueAt as string)}</td>
                <td>{c.due ? t('yes') : t('no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rest.length > 0 && (
        <dl className="detail">
          {rest.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{k.toLowerCase().endsWith('ownerid') || k === 'repId' ? rep(v as string) : detailText(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      {node.candidates && <CandidateTable rows={node.candidates as CandidateRow[]} omitted={node.candidatesOmitted} format={format} rep={rep} />}
    </li>
  );
}

function detailText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function ConditionTree({ trace }: { trace: ConditionTrace }) {
  const { t } = useTranslation(namespace);
  const mark = (ok: boolean) => (
    <span className={ok ? 'pass' : 'fail'} aria-label={ok ? t('passed') : t('failed')}>
      {ok ? '✓' : '✗'}
    </span>
  );
  if (isLeaf(trace)) {
    return (
      <div className="condition leaf">
        {mark(trace.result)} <code>{trace.fact}</code> {operatorText(trace.operator)} <code>{valueText(trace.value)}</code>
        <span className="saw">
          {' '}
          · {t('saw')} <code>{valueText(trace.saw)}</code>
        </span>
      </div>
    );
  }
  return (
    <div className="condition group">
      {mark(trace.result)} <span className="op">{t(`op.${trace.op}`)}</span>
      <div className="children">
        {trace.children.map((c, i) => (
          <ConditionTree key={i} trace={c} />
        ))}
      </div>
    </div>
  );
}
