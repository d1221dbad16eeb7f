import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/useFormat.js';
import { listSimulations } from './api.js';
import { namespace } from './messages.js';
import type { SimulationItem } from './types.js';

/** The simulation a "attach to a publish note" link carried in the address (`?evidence=<id>`). */
export function evidenceFromAddress(): string {
  if (typeof window === 'undefined') return '';
  return new URLSearchParams(window.location.search).get('evidence') ?? '';
}

/**
 * Picks a finished simulation as the evidence of a publication (S31). Plain fetch, not react-query:
 * the publish form must also work where no query client is around it.
 */
export function EvidenceSelect({ value, onChange, disabled }: { value: string; onChange: (id: string) => void; disabled?: boolean }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const [done, setDone] = useState<SimulationItem[]>([]);
  useEffect(() => {
    let live = true;
    // Only finished ones can be evidence: asked of the server, so older runs do not crowd them out of the page.
    listSimulations({ status: 'done', limit: 200 }).then(
      (page) => live && setDone(page.items.filter((s) => s.status === 'done')),
      // Without the simulations (an older server, or no right to read them) the form simply offers none.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <label className="field">
      {t('evidence.label')}
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} data-testid="publish-evidence">
        <option value="">{t('evidence.none')}</option>
        {value && !done.some((s) => s.id === value) && <option value={value}>{value}</option>}
        {done.map((s) => (
          <option key={s.id} value={s.id}>
            {t('evidence.option', { date: format.dateTime(s.finishedAt ?? s.createdAt), candidates: s.candidates.map((c) => c.label).join(' · ') })}
          </option>
        ))}
      </select>
    </label>
  );
}
