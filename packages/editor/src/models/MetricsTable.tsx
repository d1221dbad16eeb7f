import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/useFormat.js';
import { type Evaluation, type Metrics, winner } from './evaluation.js';
import { namespace } from './messages.js';

const ROWS = ['auc', 'logLoss', 'ece', 'brier'] as const;

/** Model and points table on the same held-out leads, the better value of each metric marked. */
export function MetricsTable({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const { model, aucDifference } = evaluation;
  // What the model had to beat: the points table, else a constant score at the base rate (AUC 0.5 by definition).
  const base = evaluation.baseRate;
  const points: Pick<Metrics, 'auc' | 'logLoss' | 'ece' | 'brier' | 'n' | 'positives'> | null =
    evaluation.points ?? (base && model ? { auc: 0.5, logLoss: base.logLoss, brier: base.brier, ece: null, n: model.n, positives: model.positives } : null);
  const against = evaluation.points ? t('evaluation.pointsCol') : t('evaluation.baseRateCol');
  const n = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : format.number(v, { maximumFractionDigits: 3 }));
  const cell = (m: Pick<Metrics, (typeof ROWS)[number]> | null, metric: (typeof ROWS)[number]) => (m ? m[metric] : null);
  return (
    <>
      <table className="sim-table" data-table="metrics">
        <caption>{t('evaluation.metrics')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evaluation.metric')}</th>
            <th scope="col">{t('evaluation.modelCol')}</th>
            {points && <th scope="col">{against}</th>}
            {points && <th scope="col">{t('evaluation.better')}</th>}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((metric) => {
            const a = cell(model, metric);
            const b = cell(points, metric);
            if (a === null && b === null) return null;
            const win = winner(metric, a, b);
            return (
              <tr key={metric} data-metric={metric} data-winner={win ?? 'none'}>
                <th scope="row">{t(`evaluation.${metric}`)}</th>
                <td className={`num${win === 'model' ? ' models-win' : ''}`}>{n(a)}</td>
                {points && <td className={`num${win === 'points' ? ' models-win' : ''}`}>{n(b)}</td>}
                {points && (
                  <td>
                    {win === 'model'
                      ? t('evaluation.winsModel')
                      : win === 'points'
                        ? against
                        : win === 'tie'
                          ? t('evaluation.winsTie')
                          : t('evaluation.notComparable')}
                  </td>
                )}
              </tr>
            );
          })}
          <tr data-metric="leads">
            <th scope="row">{t('evaluation.leads')}</th>
            <td className="num">{model ? `${format.number(model.n)} (${format.number(model.positives)})` : '—'}</td>
            {points && <td className="num">{`${format.number(points.n)} (${format.number(points.positives)})`}</td>}
            {points && <td />}
          </tr>
        </tbody>
      </table>
      {aucDifference && (
        <p data-auc-difference>
          {t(evaluation.points ? 'evaluation.aucDifference' : 'evaluation.aucOverChance', {
            difference: `${aucDifference.difference > 0 ? '+' : ''}${n(aucDifference.difference)}`,
            low: n(aucDifference.low),
            high: n(aucDifference.high),
          })}
        </p>
      )}
      {!evaluation.points && <p className="muted">{t('evaluation.noPoints')}</p>}
    </>
  );
}
