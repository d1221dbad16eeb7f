import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { deleteSimulation } from './api.js';
import { namespace } from './messages.js';
import type { SimulationItem } from './types.js';

const ACTIVE = new Set(['queued', 'running']);
export const isActive = (s: SimulationItem) => ACTIVE.has(s.status);

/**
 * One simulation of the list; for who may run simulations, its delete: asked for again in the row
 * (no native dialog), refused by the server for a simulation still running or cited by a
 * publication, whose words then show under the row (the row stays).
 */
export function SimulationRow({
  simulation: s,
  datasetName,
  mayDelete,
  columns,
  onDeleted,
}: {
  simulation: SimulationItem;
  datasetName: string | undefined;
  mayDelete: boolean;
  columns: number;
  onDeleted: (s: SimulationItem) => void;
}) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const queries = useQueryClient();
  const promptId = useId();
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  // Focus goes into the question (on its safe answer) and back to Delete when it is answered.
  useEffect(() => {
    if (confirming) keepButton.current?.focus();
    else if (wasConfirming.current) deleteButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const remove = useMutation({
    mutationFn: () => deleteSimulation(s.id),
    onSuccess: async () => {
      onDeleted(s);
      queries.removeQueries({ queryKey: ['simulation', s.id] });
      // Pending until the list is read again, so the row shows "Deleting…" until it is gone.
      await queries.invalidateQueries({ queryKey: ['simulations'] });
    },
  });
  const active = isActive(s);

  return (
    <>
      <tr data-simulation={s.id} data-status={s.status} data-dataset={s.datasetId}>
        <td>
          <time dateTime={s.createdAt}>{format.dateTime(s.createdAt)}</time>
        </td>
        <td>{datasetName ?? s.datasetId}</td>
        <td>{s.candidates.map((c) => c.label).join(' · ')}</td>
        <td>
          <span className={`sim-status sim-status-${s.status}`}>{t(`status.${s.status}`)}</span>
        </td>
        <td>
          <Link to={`/simulations/${encodeURIComponent(s.id)}`}>{t('list.open')}</Link>
        </td>
        {mayDelete && (
          <td className="row-actions">
            {confirming ? (
              // Escape answers the question with "keep it".
              <fieldset
                aria-labelledby={promptId}
                className="sim-confirm"
                data-confirm-delete={s.id}
                onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}
              >
                <span id={promptId}>{t('list.confirmDelete')}</span>{' '}
                <button
                  type="button"
                  className="button button-danger"
                  onClick={() => {
                    setConfirming(false);
                    remove.mutate();
                  }}
                >
                  {t('list.confirm')}
                </button>{' '}
                <button type="button" className="button" ref={keepButton} onClick={() => setConfirming(false)}>
                  {t('list.keep')}
                </button>
              </fieldset>
            ) : (
              <button
                type="button"
                className="button"
                ref={deleteButton}
                data-action="delete"
                disabled={active}
                // Not `disabled` while deleting: the button keeps the focus it had.
                aria-disabled={remove.isPending || undefined}
                title={active ? t('list.cancelFirst', { status: t(`status.${s.status}`) }) : undefined}
                onClick={() => !remove.isPending && setConfirming(true)}
              >
                {remove.isPending ? t('list.deleting') : t('list.delete')}
              </button>
            )}
          </td>
        )}
      </tr>
      {remove.error && (
        <tr className="sim-row-problem">
          <td colSpan={columns}>
            <p role="alert" className="error-text" data-delete-problem={s.id}>
              {t('list.notDeleted', { message: errorText(remove.error, format.lang) })}
            </p>
          </td>
        </tr>
      )}
    </>
  );
}
