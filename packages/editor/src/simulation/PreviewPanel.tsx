import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/useFormat.js';
import { namespace } from './messages.js';
import type { Preview, RejectedRow } from './types.js';

/** Why rows were skipped, in words: the first rejected row of each code says it in the chosen language. */
function reasonsByCode(rejects: RejectedRow[], lang: 'zh' | 'en'): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rejects) if (!out.has(`${r.file}|${r.code}`)) out.set(`${r.file}|${r.code}`, r.reason[lang]);
  return out;
}

const attributeText = (a: Record<string, unknown>) =>
  Object.entries(a)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');

/** What the import made of the files: the summary per file, the first parsed leads and every rejected row with where and why. */
export function PreviewPanel({ preview }: { preview: Preview }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const reasons = reasonsByCode(preview.rejects, format.lang);
  return (
    <section className="sim-preview" aria-labelledby="sim-preview-title" data-section="preview">
      <h3 id="sim-preview-title">{t('preview.title')}</h3>
      <table className="sim-table" data-table="summary">
        <caption>{t('preview.summary')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('preview.file')}</th>
            <th scope="col">{t('preview.read')}</th>
            <th scope="col">{t('preview.used')}</th>
            <th scope="col">{t('preview.skipped')}</th>
            <th scope="col">{t('preview.why')}</th>
            <th scope="col">{t('preview.readAs')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.summaries.map((s) => (
            <tr key={s.file} data-file={s.file}>
              <th scope="row">{t(`preview.files.${s.file}`)}</th>
              <td className="num">{format.number(s.rowsRead)}</td>
              <td className="num">{format.number(s.rowsUsed)}</td>
              <td className="num">{format.number(s.rowsSkipped)}</td>
              <td>
                <ul className="plain">
                  {Object.entries(s.skippedBy).map(([code, n]) => (
                    <li key={code} data-code={code}>
                      {format.number(n)} × {reasons.get(`${s.file}|${code}`) ?? code}
                    </li>
                  ))}
                </ul>
              </td>
              <td className="muted">{[s.encoding, s.delimiter === '\t' ? 'Tab' : s.delimiter].filter(Boolean).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.summaries.flatMap((s) => s.notes ?? []).length > 0 && (
        <ul className="sim-notes">{preview.summaries.flatMap((s) => (s.notes ?? []).map((n, i) => <li key={`${s.file}-${i}`}>{n[format.lang]}</li>))}</ul>
      )}
      <p className="muted">
        {t('preview.period', {
          reps: format.number(preview.reps),
          start: format.date(preview.period.start),
          end: format.date(preview.period.end),
        })}
      </p>

      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
      <section className="sim-scroll" tabIndex={0} aria-label={t('preview.parsed', { count: preview.leads.length })}>
        <table className="sim-table" data-table="parsed">
          <caption>{t('preview.parsed', { count: preview.leads.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('preview.row')}</th>
              <th scope="col">{t('preview.id')}</th>
              <th scope="col">{t('preview.createdAt')}</th>
              <th scope="col">{t('preview.owner')}</th>
              <th scope="col">{t('preview.team')}</th>
              <th scope="col">{t('preview.outcome')}</th>
              <th scope="col">{t('preview.amount')}</th>
              <th scope="col">{t('preview.attributes')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.leads.map((l) => (
              <tr key={l.id} data-lead={l.id}>
                <td className="num">{l.row ?? '—'}</td>
                <td>{l.id}</td>
                <td>
                  <time dateTime={l.createdAt}>{format.dateTime(l.createdAt)}</time>
                </td>
                <td>{l.ownerRepId ?? '—'}</td>
                <td>{l.team ?? '—'}</td>
                <td>{t(`mapping.outcome.${l.outcome}`)}</td>
                <td className="num">{format.number(l.amount)}</td>
                <td className="small">{attributeText(l.attributes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {preview.rejects.length === 0 ? (
        <p className="ok" data-rejects="0">
          {t('preview.rejectedNone')}
        </p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        <section className="sim-scroll" tabIndex={0} aria-label={t('preview.rejected', { count: preview.rejectCount ?? preview.rejects.length })}>
          <table className="sim-table" data-table="rejects">
            <caption>{t('preview.rejected', { count: preview.rejectCount ?? preview.rejects.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('preview.file')}</th>
                <th scope="col">{t('preview.row')}</th>
                <th scope="col">{t('preview.column')}</th>
                <th scope="col">{t('preview.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rejects.map((r, i) => (
                <tr key={i} data-code={r.code}>
                  <td>{t(`preview.files.${r.file}`)}</td>
                  <td className="num">{r.row}</td>
                  <td>{r.column ?? '—'}</td>
                  <td>{r.reason[format.lang]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
