import './decisions.css';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { instantToWallTime, wallTimeToInstant } from '../format/format.js';
import { useFormat } from '../format/useFormat.js';
import { repEffects, type DecisionSummary } from './explain.js';
import { namespace } from './messages.js';
import { errorText, useLoad, useRepNames } from './useLoad.js';

const FILTERS = ['leadId', 'repId', 'policyKey', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
const PAGE_SIZE = 25;

interface Page {
  decisions: DecisionSummary[];
  nextCursor: string | null;
}

/**
 * Decisions searched by lead, rep, policy and time. The filters live in the address, so a rep's
 * name anywhere in the editor is a link here (`?repId=…`): the rep's decisions — the lead they
 * got, the lead reclaimed from them — one click away, the explanation one more.
 */
export default function DecisionsPage() {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const names = useRepNames();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<Filter, string>, [params]);
  // Pages are keyset cursors: the ones behind us are kept to go back.
  const [cursors, setCursors] = useState<string[]>([]);
  // ?limit= sets the page size (the server takes 1–500).
  const limit = Math.min(500, Math.max(1, Math.trunc(Number(params.get('limit'))) || PAGE_SIZE));
  const cursor = cursors[cursors.length - 1];
  const query = new URLSearchParams();
  for (const k of FILTERS) if (filter[k]) query.set(k, filter[k]);
  query.set('limit', String(limit));
  if (cursor) query.set('cursor', cursor);
  const page = useLoad<Page>(`/v1/decisions?${query}`);
  const policies = useLoad<{ policies: Array<{ key: string; name: string }> }>('/v1/policies');
  const repLabel = (id: string) => (names[id] ? `${names[id]} (${id})` : id);

  const setFilter = (next: Partial<Record<Filter, string>>) => {
    const merged = { ...filter, ...next };
    const p = new URLSearchParams();
    for (const k of FILTERS) if (merged[k]) p.set(k, merged[k]);
    if (params.get('limit')) p.set('limit', String(limit));
    setCursors([]);
    setParams(p);
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const instant = (k: string) => (text(k) ? (wallTimeToInstant(text(k), format.timeZone) ?? '') : '');
    setFilter({ leadId: text('leadId'), repId: text('repId'), policyKey: text('policyKey'), from: instant('from'), to: instant('to') });
  };

  return (
    <div className="decisions-page">
      <h1>{filter.repId ? t('list.filteredByRep', { rep: repLabel(filter.repId) }) : t('title')}</h1>
      <form className="decision-search" onSubmit={onSubmit} aria-label={t('search.heading')} key={`${params.toString()}|${policies.data ? 'p' : ''}`}>
        <div className="search-field">
          <label htmlFor="ds-leadId">{t('search.lead')}</label>
          <input className="input" id="ds-leadId" name="leadId" defaultValue={filter.leadId} autoComplete="off" />
        </div>
        <div className="search-field">
          <label htmlFor="ds-repId">{t('search.rep')}</label>
          <input className="input" id="ds-repId" name="repId" defaultValue={filter.repId} list="decision-reps" autoComplete="off" />
          <datalist id="decision-reps">
            {Object.entries(names).map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </datalist>
        </div>
        <div className="search-field">
          <label htmlFor="ds-policyKey">{t('search.policy')}</label>
          <select className="input" id="ds-policyKey" name="policyKey" defaultValue={filter.policyKey}>
            <option value="">{t('search.anyPolicy')}</option>
            {policies.data?.policies.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name} ({p.key})
              </option>
            ))}
            {filter.policyKey && !policies.data?.policies.some((p) => p.key === filter.policyKey) && (
              <option value={filter.policyKey}>{filter.policyKey}</option>
            )}
          </select>
        </div>
        <div className="search-field">
          <label htmlFor="ds-from">{t('search.from')}</label>
          <input
            className="input"
            type="datetime-local"
            id="ds-from"
            name="from"
            defaultValue={filter.from ? instantToWallTime(filter.from, format.timeZone) : ''}
          />
        </div>
        <div className="search-field">
          <label htmlFor="ds-to">{t('search.to')}</label>
          <input className="input" type="datetime-local" id="ds-to" name="to" defaultValue={filter.to ? instantToWallTime(filter.to, format.timeZone) : ''} />
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t('search.submit')}
          </button>
          <button type="button" className="button" onClick={() => setFilter({ leadId: '', repId: '', policyKey: '', from: '', to: '' })}>
            {t('search.clear')}
          </button>
        </div>
        <p className="muted zone-note">{t('search.zoneNote', { zone: format.timeZone })}</p>
      </form>

      {page.error && (
        <p role="alert" className="error-text">
          {t('error', { message: errorText(page.error, format.lang) })}
        </p>
      )}
      <table className="decision-list" aria-busy={page.loading}>
        <thead>
          <tr>
            <th scope="col">{t('list.at')}</th>
            <th scope="col">{t('list.lead')}</th>
            <th scope="col">{t('list.policy')}</th>
            <th scope="col">{t('list.reps')}</th>
            <th scope="col">{t('list.summary')}</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.decisions.map((d) => (
            <tr key={d.decisionId} data-decision={d.decisionId}>
              <td>
                <time dateTime={d.at}>{format.dateTime(d.at)}</time>
                <div className="muted small">{format.relative(d.at, Date.now())}</div>
              </td>
              <td>
                {d.leadId ? (
                  <button type="button" className="link" onClick={() => setFilter({ leadId: d.leadId ?? '' })}>
                    {d.leadId}
                  </button>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {d.policy.key} <span className="muted">v{d.policy.version}</span>
                <div className="muted small">{d.eventType}</div>
              </td>
              <td>
                <ul className="rep-effects">
                  {repEffects(d.actions).map((r) => (
                    <li key={`${r.repId}-${r.effect}`} data-effect={r.effect}>
                      <Link to={`/decisions?repId=${encodeURIComponent(r.repId)}`} onClick={() => setCursors([])}>
                        {repLabel(r.repId)}
                      </Link>{' '}
                      <span className={`effect effect-${r.effect}`}>{t(`effect.${r.effect}`)}</span>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <Link to={`/decisions/${encodeURIComponent(d.decisionId)}`} aria-label={`${t('list.open')}: ${d.summary[format.lang] || t('noAction')}`}>
                  {d.summary[format.lang] || t('noAction')}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.data && page.data.decisions.length === 0 && <p className="muted">{t('list.empty')}</p>}
      <nav className="pager" aria-label={t('list.page', { n: cursors.length + 1 })}>
        <button type="button" className="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('list.previous')}
        </button>
        <span>{t('list.page', { n: cursors.length + 1 })}</span>
        <button
          type="button"
          className="button"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors((c) => [...c, page.data!.nextCursor!])}
        >
          {t('list.next')}
        </button>
      </nav>
    </div>
  );
}
