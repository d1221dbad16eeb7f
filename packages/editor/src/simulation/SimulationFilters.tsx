import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/useFormat.js';
import type { SimulationFilter } from './api.js';
import { namespace } from './messages.js';
import type { Dataset, SimulationStatus } from './types.js';

export const STATUSES: readonly SimulationStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

/** The filter an address carries (`?status=done&dataset=<id>`); an unknown status is no filter. */
export function filterFromParams(params: URLSearchParams): SimulationFilter {
  const status = params.get('status');
  const datasetId = params.get('dataset');
  return {
    status: STATUSES.find((s) => s === status),
    datasetId: datasetId || undefined,
  };
}

/** The same filter written back into an address's parameters (others kept). */
export function filterToParams(filter: SimulationFilter, params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  if (filter.status) next.set('status', filter.status);
  else next.delete('status');
  if (filter.datasetId) next.set('dataset', filter.datasetId);
  else next.delete('dataset');
  return next;
}

/** Status and dataset of the simulations to list: both go to the server, which pages what matches. */
export function SimulationFilters({
  filter,
  datasets,
  onChange,
}: {
  filter: SimulationFilter;
  datasets: Dataset[];
  onChange: (next: SimulationFilter) => void;
}) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const known = !filter.datasetId || datasets.some((d) => d.id === filter.datasetId);
  return (
    <search className="sim-actions sim-filters" aria-label={t('list.filters')} data-form="simulation-filters">
      <label className="field">
        <span>{t('list.byStatus')}</span>
        <select name="status" value={filter.status ?? ''} onChange={(e) => onChange({ ...filter, status: STATUSES.find((s) => s === e.target.value) })}>
          <option value="">{t('list.allStatuses')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('list.byDataset')}</span>
        <select name="dataset" value={filter.datasetId ?? ''} onChange={(e) => onChange({ ...filter, datasetId: e.target.value || undefined })}>
          <option value="">{t('list.allDatasets')}</option>
          {/* A dataset named by the address but not (or no longer) listed stays chosen, by its id. */}
          {!known && <option value={filter.datasetId}>{filter.datasetId}</option>}
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {t('list.datasetOption', { name: d.name, date: format.dateTime(d.createdAt) })}
            </option>
          ))}
        </select>
      </label>
    </search>
  );
}
