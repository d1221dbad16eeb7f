import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/useFormat.js';
import { listPolicies } from '../policies/api.js';
import { getSimulation, listDatasets, listSimulations } from './api.js';
import { namespace } from './messages.js';
import { candidatesWords, verdictLines } from './simulationWords.js';
import type { SimulationItem } from './types.js';

/** The simulation a "attach to a publish note" link carried in the address (`?evidence=<id>`). */
export function evidenceFromAddress(): string {
  if (typeof window === 'undefined') return '';
  return new URLSearchParams(window.location.search).get('evidence') ?? '';
}

/** An id shown beside the words, short: enough to tell two apart, the whole one is under the choice. */
const shortId = (id: string) => (id.length > 8 ? id.slice(0, 8) : id);

/** Each answer on its own: without one (an older server, no right to read it) the others still show. */
function settle<T>(promise: Promise<T>, use: (value: T) => void, live: () => boolean): void {
  promise.then(
    (v) => live() && use(v),
    () => undefined,
  );
}

/**
 * Picks a finished simulation as the evidence of a publication (S31), each said in words: its
 * dataset, its candidates by policy name and version, when it ran (on the tenant's clock); the one
 * chosen also with what its report concluded, and its id. Plain fetch, not react-query: the publish
 * form must also work where no query client is around it.
 */
export function EvidenceSelect({ value, onChange, disabled }: { value: string; onChange: (id: string) => void; disabled?: boolean }) {
  const { t, i18n } = useTranslation(namespace);
  const format = useFormat();
  const detailsId = useId();
  const [done, setDone] = useState<SimulationItem[]>([]);
  const [datasetNames, setDatasetNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [policyNames, setPolicyNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [chosen, setChosen] = useState<SimulationItem | null>(null);
  useEffect(() => {
    let live = true;
    const alive = () => live;
    // Only finished ones can be evidence: asked of the server, so older runs do not crowd them out of the page.
    settle(listSimulations({ status: 'done', limit: 200 }), (page) => setDone(page.items.filter((s) => s.status === 'done')), alive);
    settle(listDatasets(), (items) => setDatasetNames(new Map(items.map((d) => [d.id, d.name]))), alive);
    settle(listPolicies(), (items) => setPolicyNames(new Map(items.map((p) => [p.key, p.name]))), alive);
    return () => {
      live = false;
    };
  }, []);
  // The chosen one read whole: its report says the verdicts.
  useEffect(() => {
    let live = true;
    setChosen(null);
    if (value) settle(getSimulation(value), setChosen, () => live);
    return () => {
      live = false;
    };
  }, [value]);

  const metricName = (m: string) => (i18n.exists(`metric.${m}`, { ns: namespace }) ? t(`metric.${m}`) : m);
  const words = (s: SimulationItem) => ({
    dataset: datasetNames.get(s.datasetId) ?? t('evidence.unknownDataset'),
    candidates: candidatesWords(s.candidates, policyNames, t),
    date: format.dateTime(s.finishedAt ?? s.createdAt),
  });
  const optionText = (s: SimulationItem) => t('evidence.option', { ...words(s), id: shortId(s.id) });
  const listed = done.find((s) => s.id === value);
  const shown = chosen?.id === value ? chosen : listed;
  const verdicts = chosen?.id === value ? verdictLines(chosen.report, t, metricName) : [];

  return (
    <div className="evidence-select">
      <label className="field">
        {t('evidence.label')}
        <select
          value={value}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          aria-describedby={value ? detailsId : undefined}
          data-testid="publish-evidence"
        >
          <option value="">{t('evidence.none')}</option>
          {value && !listed && <option value={value}>{shown ? optionText(shown) : value}</option>}
          {done.map((s) => (
            <option key={s.id} value={s.id}>
              {optionText(s)}
            </option>
          ))}
        </select>
      </label>
      {value && (
        <div id={detailsId} className="evidence-chosen" data-testid="evidence-chosen">
          {shown && (
            <>
              <p data-evidence="summary">{t('evidence.summary', words(shown))}</p>
              {verdicts.length > 0 && (
                <ul className="plain" data-evidence="verdicts">
                  {verdicts.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              )}
            </>
          )}
          <p className="muted small" data-evidence="id">
            {t('evidence.id', { id: value })}
          </p>
        </div>
      )}
    </div>
  );
}
