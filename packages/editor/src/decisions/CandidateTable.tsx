import type { CandidateRow, VisitedNode } from '@sluice/engine';
import { useTranslation } from 'react-i18next';
import type { Formatter } from '../format/format.js';
import { namespace } from './messages.js';

interface Props {
  rows: CandidateRow[];
  omitted: VisitedNode['candidatesOmitted'];
  format: Formatter;
  rep: (id: string) => string;
}

/** Who could have had the lead: the chosen rep first, then the eligible, then the skipped with why. */
export function CandidateTable({ rows, omitted, format, rep }: Props) {
  const { t } = useTranslation(namespace);
  const order = { chosen: 0, eligible: 1, skipped: 2 } as const;
  const sorted = [...rows].sort((a, b) => order[a.status] - order[b.status]);
  return (
    <div className="candidates">
      <table>
        <caption>{t('candidates')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rep')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('why')}</th>
            <th scope="col">{t('figures')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.repId} data-status={r.status} data-rep={r.repId}>
              <td>{rep(r.repId)}</td>
              <td>
                <span className={`status status-${r.status}`}>{t(`candidate.${r.status}`)}</span>
              </td>
              <td>{r.reason ? t(`skip.${r.reason}`) : ''}</td>
              <td className="figures">
                {Object.entries(r.detail)
                  .map(([k, v]) => `${t(`figure.${k}`, { defaultValue: k })} ${figure(v, format)}`)
                  .join(' · ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {omitted && omitted.count > 0 && (
        <p className="muted" data-testid="omitted">
          {t('omitted', { count: omitted.count })}{' '}
          {Object.entries(omitted.byReason)
            .map(([reason, n]) => `${t(`skip.${reason}`, { defaultValue: reason })} ${format.number(n)}`)
            .join(' · ')}
        </p>
      )}
    </div>
  );
}

function figure(v: string | number | boolean | null, format: Formatter): string {
  if (typeof v === 'number') return format.number(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return format.dateTime(v);
  if (v === null) return '—';
  return String(v);
}
