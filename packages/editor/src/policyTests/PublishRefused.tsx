import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../policy/useLang.js';
import type { FailingCase, RoutingOverlap } from './api.js';
import { CaseNameHints } from './CaseNameHints.js';
import { namespace } from './messages.js';
import { valueText } from './results.js';
import './policyTests.css';

/** The server's shortest override reason (publish's `override.reason`). */
export const MIN_REASON = 5;

/** Trigger events in the reader's words (the code stays beside them). */
const EVENT_WORDS: Record<string, { en: string; zh: string }> = {
  'lead.created': { en: 'lead created', zh: '新线索' },
  'lead.updated': { en: 'lead updated', zh: '线索更新' },
  'lead.qualified': { en: 'lead qualified', zh: '线索合格' },
  'lead.returned_to_pool': { en: 'lead returned to pool', zh: '退回公海' },
  tick: { en: 'clock tick', zh: '定时检查' },
};

interface Props {
  failing: FailingCase[];
  /** Live routing policies that would route the same leads on the same events (409 routing-overlap). */
  overlaps?: RoutingOverlap[];
  /** The policy being published: named as "this policy" when it is the one that runs last. */
  policyKey?: string;
  busy: boolean;
  /** Publishes again with `override: { reason }`. */
  onOverride(reason: string): void;
  /** Publishes again taking the overlapping policies offline with it (`withdraw`): offered when only routing overlaps refused it. */
  onReplace?(keys: string[]): void;
  onCancel(): void;
  /** A rollback was refused (it passes the same overlap gate): the buttons say roll back, not publish. */
  rollbackTo?: number;
}

/**
 * A publish refused (409 tests-failing, routing-overlap): the failing cases and their first
 * difference, the live routing policies that would route the same leads and which one wins, and
 * "publish anyway" with one reason for all of it.
 */
export function PublishRefused({ failing, overlaps = [], policyKey, busy, onOverride, onReplace, onCancel, rollbackTo }: Props) {
  const { t } = useTranslation(namespace);
  const lang = useLang();
  const eventText = (e: string) => (EVENT_WORDS[e] ? `${EVENT_WORDS[e][lang]} (${e})` : e);
  const reasonLabel = overlaps.length === 0 ? 'publish.reason' : failing.length === 0 ? 'publish.overlapReason' : 'publish.bothReason';
  const [reason, setReason] = useState('');
  // Cases deleted from the draft from here (a case that expects a team the policy no longer names).
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(new Set());
  const short = reason.trim().length < MIN_REASON;
  return (
    <form
      className="publish-refused"
      data-testid="publish-refused"
      onSubmit={(e) => {
        e.preventDefault();
        if (!short) onOverride(reason.trim());
      }}
    >
      {failing.length > 0 && (
        <p role="alert" className="problem">
          {t('publish.refused')}
        </p>
      )}
      {failing.length > 0 && (
        <ul data-testid="failing-cases">
          {failing.map((c) => {
            const first = c.expectations[0];
            return (
              <li key={c.id} data-case={c.id}>
                <strong>{c.name?.[lang] || c.id}</strong>
                {first && (
                  <>
                    {' — '}
                    <span className="mono">
                      {t('publish.firstDiff', { path: first.path, expected: valueText(first.expected), actual: valueText(first.actual) })}
                    </span>
                  </>
                )}
                {!first && c.error && <span className="mono"> — {c.error[lang]}</span>}
                {deleted.has(c.id) ? (
                  <p className="muted" data-testid="case-deleted">
                    {t('hint.deleted', { name: c.name?.[lang] || c.id })}
                  </p>
                ) : (
                  <CaseNameHints caseId={c.id} name={c.name?.[lang] || c.id} onDeleted={() => setDeleted((d) => new Set([...d, c.id]))} />
                )}
              </li>
            );
          })}
        </ul>
      )}
      {overlaps.length > 0 && (
        <>
          <p role="alert" className="problem" data-testid="overlap-refused">
            {t(rollbackTo === undefined ? 'publish.overlapRefused' : 'publish.rollbackOverlapRefused', { version: rollbackTo })}
          </p>
          <ul data-testid="routing-overlaps">
            {overlaps.map((o) => (
              <li key={o.key} data-overlap={o.key}>
                {t('publish.overlap', {
                  key: o.key,
                  name: o.name,
                  version: o.version,
                  events: o.events.map(eventText).join(lang === 'zh' ? '、' : ', '),
                  winner: o.runsLast === policyKey ? t('publish.thisPolicy') : o.runsLast,
                })}
              </li>
            ))}
          </ul>
          {onReplace && failing.length === 0 && (
            <p>
              <button type="button" className="primary" disabled={busy} data-testid="publish-replacing" onClick={() => onReplace(overlaps.map((o) => o.key))}>
                {t(rollbackTo === undefined ? 'publish.replace' : 'publish.rollbackReplace', {
                  keys: overlaps.map((o) => o.key).join(lang === 'zh' ? '、' : ', '),
                  version: rollbackTo,
                })}
              </button>{' '}
              <span className="muted">{t('publish.replaceHelp')}</span>
            </p>
          )}
        </>
      )}
      <label className="field">
        {t(reasonLabel)}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required minLength={MIN_REASON} data-testid="override-reason" />
      </label>
      {short && reason.length > 0 && <p className="muted">{t('publish.reasonShort')}</p>}
      <button type="submit" className="danger" disabled={busy || short} data-testid="publish-anyway">
        {t(rollbackTo === undefined ? 'publish.anyway' : 'publish.rollbackAnyway', { version: rollbackTo })}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('publish.cancel')}
      </button>
    </form>
  );
}
