import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/useFormat.js';
import { namespace } from './messages.js';
import type { ModelReport } from './types.js';

/** How the estimate was made and where the history cannot say, in the chosen language. */
export function ModelSection({ model }: { model: ModelReport }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  return (
    <section className="sim-model" aria-labelledby="sim-model-title" data-section="model">
      <h3 id="sim-model-title">{t('model.title')}</h3>
      <h4>{t('model.method')}</h4>
      <p>{model.method[format.lang]}</p>
      <h4>{t('model.assumptions')}</h4>
      <ul>
        {model.assumptions.map((a, i) => (
          <li key={i}>{a[format.lang]}</li>
        ))}
      </ul>
      <table className="sim-table" data-table="counterfactual">
        <caption>{t('model.counterfactual')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('results.candidate')}</th>
            <th scope="col">{t('results.leads')}</th>
            <th scope="col">{t('model.unseen')}</th>
            <th scope="col">{t('model.thin')}</th>
          </tr>
        </thead>
        <tbody>
          {model.counterfactual.map((c) => (
            <tr key={c.policy} data-policy={c.policy}>
              <th scope="row">{c.policy}</th>
              <td className="num">{format.number(c.leads)}</td>
              <td className="num">{format.number(c.inUnseenCells)}</td>
              <td className="num">{format.number(c.inThinCells)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('model.cannotSay')}</h4>
      <p data-cannot-say>{model.cannotSay[format.lang]}</p>
      <p className="muted">{t('model.unseenCells', { total: format.number(model.unseenCells.total), thin: format.number(model.unseenCells.thin) })}</p>
    </section>
  );
}
