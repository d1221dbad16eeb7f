import './simulation.css';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { can, useSession } from '../app/session.js';
import { errorText } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { listDatasets, listSimulations, type SimulationFilter } from './api.js';
import { namespace } from './messages.js';
import { NewSimulation } from './NewSimulation.js';
import { filterFromParams, filterToParams, SimulationFilters } from './SimulationFilters.js';
import { isActive, SimulationRow } from './SimulationRow.js';
import type { SimulationItem } from './types.js';

/** How often the list is read again while one of its simulations is still queued or running. */
const WHILE_ACTIVE_MS = 5_000;

/**
 * The simulations of the tenant, newest first, a page at a time, filtered by status and dataset on
 * the server (the filter lives in the address); for an editor, a new one (data, mapping with
 * preview, candidates, run) and a delete per ended simulation.
 */
export default function SimulationsPage() {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const { user } = useSession();
  const mayRun = can(user?.role, 'editDraft');
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const filtered = Boolean(filter.status || filter.datasetId);
  const [deleted, setDeleted] = useState<SimulationItem | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const datasets = useQuery({ queryKey: ['datasets'], queryFn: listDatasets });
  const simulations = useInfiniteQuery({
    queryKey: ['simulations', 'list', filter.status ?? '', filter.datasetId ?? ''],
    queryFn: ({ pageParam }) => listSimulations({ ...filter, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some(isActive)) ? WHILE_ACTIVE_MS : false),
  });
  // A simulation started between two pages would push one of the first page's onto the next: shown once.
  const rows = useMemo(() => {
    const seen = new Set<string>();
    return (simulations.data?.pages ?? []).flatMap((p) => p.items).filter((s) => !seen.has(s.id) && Boolean(seen.add(s.id)));
  }, [simulations.data]);
  const names = useMemo(() => new Map((datasets.data ?? []).map((d) => [d.id, d.name])), [datasets.data]);
  const columns = mayRun ? 6 : 5;

  const onFilter = (next: SimulationFilter) => {
    setDeleted(null);
    setParams(filterToParams(next, params), { replace: true });
  };
  const onDeleted = (s: SimulationItem) => {
    setDeleted(s);
    // The row goes away with the focus it had: the list's heading takes it, the notice says what happened.
    heading.current?.focus();
  };

  return (
    <div className="sim-page" data-page="simulations">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {mayRun ? (
        <NewSimulation />
      ) : (
        <p className="muted" data-testid="sim-viewer-note">
          {t('viewerNote')}
        </p>
      )}

      <section aria-labelledby="sim-list-title" className="sim-step">
        <h2 id="sim-list-title" ref={heading} tabIndex={-1}>
          {t('list.title')}
        </h2>
        <SimulationFilters filter={filter} datasets={datasets.data ?? []} onChange={onFilter} />
        <p role="status" className="muted sim-notice" data-testid="sim-deleted">
          {deleted ? t('list.deleted', { date: format.dateTime(deleted.createdAt) }) : ''}
        </p>
        {simulations.error && (
          <p role="alert" className="error-text">
            {t('error', { message: errorText(simulations.error, format.lang) })}
          </p>
        )}
        {simulations.isPending && !simulations.error && <p className="muted">{t('list.loading')}</p>}
        {simulations.isSuccess && rows.length === 0 && <p className="muted">{filtered ? t('list.noMatch') : t('list.empty')}</p>}
        {rows.length > 0 && (
          <table className="sim-table" data-table="simulations" aria-labelledby="sim-list-title" aria-busy={simulations.isFetching}>
            <thead>
              <tr>
                <th scope="col">{t('list.created')}</th>
                <th scope="col">{t('list.dataset')}</th>
                <th scope="col">{t('list.candidates')}</th>
                <th scope="col">{t('list.status')}</th>
                <th scope="col">{t('list.open')}</th>
                {mayRun && <th scope="col">{t('list.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <SimulationRow key={s.id} simulation={s} datasetName={names.get(s.datasetId)} mayDelete={mayRun} columns={columns} onDeleted={onDeleted} />
              ))}
            </tbody>
          </table>
        )}
        {simulations.hasNextPage && (
          <button
            type="button"
            className="button"
            data-action="load-more"
            aria-disabled={simulations.isFetchingNextPage || undefined}
            onClick={() => !simulations.isFetchingNextPage && void simulations.fetchNextPage()}
          >
            {simulations.isFetchingNextPage ? t('list.loadingMore') : t('list.loadMore')}
          </button>
        )}
      </section>
    </div>
  );
}
