import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/useFormat.js';
import { namespace } from './messages.js';
import { metricNumber, signed } from './numbers.js';
import type { Difference, SimulationReport, Verdict } from './types.js';

const VERDICT_KEY: Record<Verdict, string> = { better: 'better', worse: 'worse', same: 'same', unclear: 'unclear', 'not-ranked': 'notRanked' };

/** Each candidate against the baseline, metric by metric, with the rule the verdicts follow stated above the table. */
export function DifferencesTable({ report }: { report: SimulationReport }) {
  const { t, i18n } = useTranslation(namespace);
  const format = useFormat();
  const metricName = (m: string) => (i18n.exists(`metric.${m}`, { ns: namespace }) ? t(`metric.${m}`) : m);
  // A contact-time quantile with no value: the held leads never contacted reach it (see the model's method).
  const value = (m: Difference, n: number | null) =>
    n === null && m.metric.startsWith('firstContact') ? t('results.notReached') : metricNumber(format, m.metric, n);
  const bound = (m: Difference, n: number | null, side: string) => (n === null ? side : metricNumber(format, m.metric, n));
  const ranked = (m: Difference) => m.verdict === 'better' || m.verdict === 'worse';
  return (
    <section className="sim-differences" aria-labelledby="sim-differences-title">
      <h3 id="sim-differences-title">{t('results.differences')}</h3>
      <p className="sim-rule" data-rule>
        {report.rule[format.lang]}
      </p>
      {report.differences.map((d) => (
        <table key={d.policy} className="sim-table" data-table="differences" data-policy={d.policy}>
          <caption>{t('results.versus', { policy: d.policy, versus: d.versus })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('results.metric')}</th>
              <th scope="col">{t('results.baselineValue')}</th>
              <th scope="col">{t('results.value')}</th>
              <th scope="col">{t('results.difference')}</th>
              <th scope="col">{t('results.verdict')}</th>
            </tr>
          </thead>
          <tbody>
            {d.metrics.map((m) => (
              <tr key={m.metric} data-metric={m.metric} data-verdict={m.verdict}>
                <th scope="row">{metricName(m.metric)}</th>
                <td className="num">{value(m, m.baseline)}</td>
                <td className="num">{value(m, m.value)}</td>
                <td className="num">
                  {signed(format, m.metric, m.difference)}
                  {(m.low !== null && m.high !== null) || (ranked(m) && (m.low !== null || m.high !== null)) ? (
                    <span className="muted">
                      {' '}
                      [{bound(m, m.low, '−∞')}, {bound(m, m.high, '+∞')}]
                    </span>
                  ) : null}
                </td>
                <td>
                  <span className={`sim-verdict sim-verdict-${m.verdict}`}>{t(`results.verdictWord.${VERDICT_KEY[m.verdict]}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
