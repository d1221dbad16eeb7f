import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useFormat } from '../format/useFormat.js';
import { BarChart, ChartWithTable, WhiskerChart } from './charts.js';
import { DifferencesTable } from './DifferencesTable.js';
import { namespace } from './messages.js';
import { ModelSection } from './ModelSection.js';
import { metricNumber } from './numbers.js';
import type { Interval, SimulationReport } from './types.js';

interface Props {
  report: SimulationReport;
  /** Links and buttons that belong to a stored simulation (report link, attach): absent for a bare report. */
  actions?: ReactNode;
}

/** A finished simulation: the candidates side by side, their charts (each with its table), the differences and the model. */
export function ResultsView({ report, actions }: Props) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const interval = (metric: string, i: Interval) =>
    t('results.interval', {
      estimate: metricNumber(format, metric, i.estimate),
      low: metricNumber(format, metric, i.low),
      high: metricNumber(format, metric, i.high),
    });
  // One scale for every candidate's per-rep chart, the leads nobody holds included.
  const perRepMax = Math.max(0, ...report.policies.flatMap((p) => [p.unassigned, ...p.perRep.map((r) => r.leads)]));
  const unassignedText = (p: SimulationReport['policies'][number]) =>
    t('results.unassignedOf', {
      count: format.number(p.unassigned),
      leads: format.number(p.leads),
      share: format.percent(p.leads > 0 ? p.unassigned / p.leads : null),
    });
  const nobody = report.unassignedWarnings ?? [];
  const months = [...new Set(report.policies.flatMap((p) => (p.breakdown.month ?? []).map((m) => m.value)))].sort();
  const reclaimsIn = (policy: string, month: string) =>
    report.policies.find((p) => p.policy === policy)?.breakdown.month?.find((m) => m.value === month)?.reclaimed ?? 0;

  /** Expected wins and expected revenue are drawn alike: estimates with their intervals, and the same numbers as a table. */
  const whiskers = (metric: 'expectedWins' | 'expectedRevenue') => {
    const title = t(metric === 'expectedWins' ? 'results.winsChart' : 'results.revenueChart');
    return (
      <section aria-labelledby={`sim-${metric}-title`}>
        <h3 id={`sim-${metric}-title`}>{title}</h3>
        <ChartWithTable
          tableLabel={t('results.showTable')}
          chart={
            <WhiskerChart
              label={title}
              format={(n) => metricNumber(format, metric, n)}
              items={report.policies.map((p) => ({ label: p.policy, ...p[metric] }))}
            />
          }
          table={
            <table className="sim-table">
              <thead>
                <tr>
                  <th scope="col">{t('results.candidate')}</th>
                  <th scope="col">{t(`metric.${metric}`)}</th>
                </tr>
              </thead>
              <tbody>
                {report.policies.map((p) => (
                  <tr key={p.policy}>
                    <th scope="row">{p.policy}</th>
                    <td className="num">{interval(metric, p[metric])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </section>
    );
  };

  return (
    <section className="sim-results" aria-labelledby="sim-results-title" data-section="results">
      <h2 id="sim-results-title">{t('results.title')}</h2>
      <p className="muted">
        {t('results.baselineIs', {
          label: report.baseline,
          seed: report.seed,
          leads: format.number(report.inputs.leads),
          reps: format.number(report.inputs.reps),
        })}
      </p>
      {actions && <div className="sim-actions">{actions}</div>}
      {nobody.length > 0 && (
        <div className="sim-warnings" role="alert" data-warnings="unassigned">
          <h3>{t('results.unassignedWarnings')}</h3>
          <ul>
            {nobody.map((w) => (
              <li key={w.policy}>
                <strong>{w.policy}</strong>: {w.message[format.lang]}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report.warnings && report.warnings.length > 0 && (
        <div className="sim-warnings" role="alert" data-warnings>
          <h3>{t('results.warnings')}</h3>
          <ul>
            {report.warnings.map((w) => (
              <li key={`${w.policy} ${w.policyKey} ${w.nodeId} ${w.path}`}>
                <strong>{w.policy}</strong>: {w.message[format.lang]}
              </li>
            ))}
          </ul>
        </div>
      )}

      <table className="sim-table" data-table="overview">
        <caption>{t('results.overview')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('results.candidate')}</th>
            <th scope="col">{t('metric.expectedWins')}</th>
            <th scope="col">{t('metric.expectedRevenue')}</th>
            <th scope="col">{t('results.unassigned')}</th>
            <th scope="col">{t('results.contacted')}</th>
            <th scope="col">{t('metric.counterfactual')}</th>
            <th scope="col">{t('results.gini')}</th>
            <th scope="col">{t('results.cv')}</th>
            <th scope="col">{t('results.maxMin')}</th>
          </tr>
        </thead>
        <tbody>
          {report.policies.map((p) => (
            <tr key={p.policy} data-policy={p.policy}>
              <th scope="row">
                {p.policy} {p.policy === report.baseline && <span className="kind-badge">{t('candidates.baseline')}</span>}
              </th>
              <td className="num">{interval('expectedWins', p.expectedWins)}</td>
              <td className="num">{interval('expectedRevenue', p.expectedRevenue)}</td>
              <td className={p.unassigned > 0 ? 'num sim-unassigned' : 'num'} data-cell="unassigned">
                {unassignedText(p)}
              </td>
              <td className="num">{format.percent(p.contactedShare)}</td>
              <td className="num">
                {format.number(p.counterfactual)} / {format.number(p.leads)}
              </td>
              <td className="num">{metricNumber(format, 'gini', p.fairness.gini)}</td>
              <td className="num">{metricNumber(format, 'cv', p.fairness.cv)}</td>
              <td className="num">{metricNumber(format, 'maxMin', p.fairness.maxMin)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="sim-two">
        {whiskers('expectedWins')}
        {whiskers('expectedRevenue')}
      </div>

      <section aria-labelledby="sim-reps-title">
        <h3 id="sim-reps-title">{t('results.perRep')}</h3>
        <p className="muted" data-scale={perRepMax}>
          {t('results.perRepScale', { max: format.number(perRepMax) })}
        </p>
        {fairnessAmong(report, t)}
        <div className="sim-two">
          {report.policies.map((p) => (
            <ChartWithTable
              key={p.policy}
              tableLabel={t('results.showTable')}
              chart={
                <figure className="sim-figure" data-chart="per-rep" data-policy={p.policy}>
                  <figcaption>{p.policy}</figcaption>
                  <BarChart
                    label={t('results.perRepChart', { policy: p.policy })}
                    max={perRepMax}
                    bars={[
                      ...p.perRep.map((r) => ({ label: r.repId, value: r.leads, text: format.number(r.leads) })),
                      { label: t('results.unassigned'), value: p.unassigned, text: unassignedText(p), kind: 'unassigned' as const },
                    ]}
                  />
                </figure>
              }
              table={
                <table className="sim-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('results.rep')}</th>
                      <th scope="col">{t('results.leads')}</th>
                      <th scope="col">{t('results.share')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.perRep.map((r) => (
                      <tr key={r.repId}>
                        <th scope="row">{r.repId}</th>
                        <td className="num">{format.number(r.leads)}</td>
                        <td className="num">{format.percent(r.share)}</td>
                      </tr>
                    ))}
                    <tr className="sim-unassigned" data-row="unassigned">
                      <th scope="row">{t('results.unassigned')}</th>
                      <td className="num">{format.number(p.unassigned)}</td>
                      <td className="num">{format.percent(p.leads > 0 ? p.unassigned / p.leads : null)}</td>
                    </tr>
                  </tbody>
                </table>
              }
            />
          ))}
        </div>
      </section>

      <section aria-labelledby="sim-reclaims-title">
        <h3 id="sim-reclaims-title">{t('results.reclaims')}</h3>
        <ChartWithTable
          tableLabel={t('results.showTable')}
          chart={
            <BarChart
              label={t('results.reclaimsChart')}
              bars={months.flatMap((m) =>
                report.policies.map((p) => ({ label: `${m} · ${p.policy}`, value: reclaimsIn(p.policy, m), text: format.number(reclaimsIn(p.policy, m)) })),
              )}
            />
          }
          table={
            <table className="sim-table" data-table="reclaims">
              <thead>
                <tr>
                  <th scope="col">{t('results.month')}</th>
                  {report.policies.map((p) => (
                    <th scope="col" key={p.policy}>
                      {p.policy}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {months.map((m) => (
                  <tr key={m}>
                    <th scope="row">{m}</th>
                    {report.policies.map((p) => (
                      <td className="num" key={p.policy}>
                        {format.number(reclaimsIn(p.policy, m))}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </section>

      <DifferencesTable report={report} />
      <ModelSection model={report.model} />
    </section>
  );
}

/**
 * Whom fairness and the per-rep charts count: the reps who take part (history owners, reps given
 * leads, reps a candidate's routing reaches); roster bystanders are named, not counted. A report
 * stored before the population was recorded says nothing.
 */
function fairnessAmong(report: SimulationReport, t: TFunction) {
  const reps = report.policies[0]?.fairness.reps;
  if (reps === undefined) return null;
  const leftOut = report.fairnessLeftOut ?? [];
  const shown = leftOut.length > 12 ? `${leftOut.slice(0, 12).join(', ')} … (+${leftOut.length - 12})` : leftOut.join(', ');
  return (
    <p className="muted" data-fairness-reps={reps}>
      {t('results.fairnessAmong', { count: reps })}
      {leftOut.length > 0 && t('results.fairnessLeftOut', { reps: shown })}
    </p>
  );
}
