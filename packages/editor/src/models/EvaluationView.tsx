import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/useFormat.js';
import { BarChart, ChartWithTable } from '../simulation/charts.js';
import { CalibrationChart } from './CalibrationChart.js';
import type { Evaluation, Metrics } from './evaluation.js';
import { namespace } from './messages.js';
import { MetricsTable } from './MetricsTable.js';

/** How many of the strongest features are listed (the standalone report has them all). */
const TOP_FEATURES = 20;

/** A version's evaluation: the verdict in plain words, the metrics side by side, calibration and lift, the features. */
export function EvaluationView({ evaluation, version }: { evaluation: Evaluation; version: number }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const { lang } = format;
  const date = (s: string | null) => (s ? format.date(s) : '—');
  const { train, test } = evaluation;
  return (
    <section aria-labelledby="models-eval-title" className="sim-step" data-section="evaluation">
      <h2 id="models-eval-title">{t('evaluation.title', { n: version })}</h2>
      <p className="models-verdict" data-offered={String(evaluation.offered)} data-testid="verdict">
        {evaluation.offered ? t('evaluation.verdictOffered') : t('evaluation.verdictRefused')}
        {evaluation.reason && (
          <>
            <br />
            <span data-reason>{evaluation.reason[lang]}</span>
          </>
        )}
      </p>
      {train && test && (
        <p className="muted" data-split>
          {t('evaluation.split', {
            train: format.number(train.n),
            trainFrom: date(train.from),
            trainTo: date(train.to),
            test: format.number(test.n),
            testFrom: date(test.from),
            testTo: date(test.to),
          })}
        </p>
      )}
      <MetricsTable evaluation={evaluation} />
      <div className="models-charts">
        {evaluation.model && evaluation.model.calibration.length > 0 && <Calibration metrics={evaluation.model} />}
        {evaluation.model && evaluation.model.lift.length > 0 && <Lift metrics={evaluation.model} scorer={t('evaluation.modelCol')} id="model" />}
        {evaluation.points && evaluation.points.lift.length > 0 && <Lift metrics={evaluation.points} scorer={t('evaluation.pointsCol')} id="points" />}
      </div>
      <Features evaluation={evaluation} />
      {evaluation.assumptions.length > 0 && (
        <>
          <h3>{t('evaluation.assumptions')}</h3>
          <ul>
            {evaluation.assumptions.map((a, i) => (
              <li key={i}>{a[lang]}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Calibration({ metrics }: { metrics: Metrics }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const pct = (v: number) => format.percent(v);
  return (
    <div>
      <h3>{t('evaluation.calibration')}</h3>
      <ChartWithTable
        chart={
          <CalibrationChart
            bins={metrics.calibration}
            label={t('evaluation.calibrationChart')}
            axes={{ x: t('evaluation.predicted'), y: t('evaluation.observed') }}
          />
        }
        tableLabel={t('evaluation.table')}
        table={
          <table className="sim-table" data-table="calibration">
            <thead>
              <tr>
                <th scope="col">{t('evaluation.bin')}</th>
                <th scope="col">{t('evaluation.leads')}</th>
                <th scope="col">{t('evaluation.predicted')}</th>
                <th scope="col">{t('evaluation.observed')}</th>
              </tr>
            </thead>
            <tbody>
              {metrics.calibration.map((b) => (
                <tr key={b.bin}>
                  <th scope="row">
                    {pct(b.lo)} – {pct(b.hi)}
                  </th>
                  <td className="num">{format.number(b.n)}</td>
                  <td className="num">{b.n ? pct(b.meanP) : '—'}</td>
                  <td className="num">{b.n ? pct(b.rate) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </div>
  );
}

function Lift({ metrics, scorer, id }: { metrics: Metrics; scorer: string; id: string }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const x = (v: number) => format.number(v, { maximumFractionDigits: 2 });
  const label = t('evaluation.liftChart', { scorer });
  return (
    <div data-lift={id}>
      <h3>{label}</h3>
      <ChartWithTable
        chart={
          <BarChart
            label={label}
            width={420}
            bars={metrics.lift.map((d) => ({ label: `${t('evaluation.decile')} ${d.decile}`, value: d.lift, text: x(d.lift) }))}
          />
        }
        tableLabel={t('evaluation.table')}
        table={
          <table className="sim-table" data-table={`lift-${id}`}>
            <thead>
              <tr>
                <th scope="col">{t('evaluation.decile')}</th>
                <th scope="col">{t('evaluation.leads')}</th>
                <th scope="col">{t('evaluation.rate')}</th>
                <th scope="col">{t('evaluation.liftCol')}</th>
                <th scope="col">{t('evaluation.capture')}</th>
              </tr>
            </thead>
            <tbody>
              {metrics.lift.map((d) => (
                <tr key={d.decile}>
                  <th scope="row">{d.decile}</th>
                  <td className="num">{format.number(d.n)}</td>
                  <td className="num">{format.percent(d.rate)}</td>
                  <td className="num">{x(d.lift)}</td>
                  <td className="num">{format.percent(d.cumulativeCapture)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </div>
  );
}

function Features({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const { lang } = format;
  const used = [...evaluation.used].sort((a, b) => (b.strength ?? -1) - (a.strength ?? -1)).slice(0, TOP_FEATURES);
  return (
    <>
      <table className="sim-table" data-table="features-used">
        <caption>{t('evaluation.used')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evaluation.feature')}</th>
            <th scope="col">{t('evaluation.strength')}</th>
          </tr>
        </thead>
        <tbody>
          {used.map((f) => (
            <tr key={f.id} data-feature={f.id}>
              <th scope="row">{f.label[lang]}</th>
              <td className="num">{f.strength === null ? '—' : format.number(f.strength, { maximumFractionDigits: 2 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {evaluation.dropped.length === 0 ? (
        <p className="muted">{t('evaluation.noneDropped')}</p>
      ) : (
        <table className="sim-table" data-table="features-dropped">
          <caption>{t('evaluation.dropped')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('evaluation.feature')}</th>
              <th scope="col">{t('evaluation.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {evaluation.dropped.map((f) => (
              <tr key={f.id} data-dropped={f.id}>
                <th scope="row">{f.label?.[lang] ?? f.id}</th>
                <td>{f.reason[lang]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
