import { useTranslation } from 'react-i18next';
import type { Formatter } from '../format/format.js';
import { namespace } from './messages.js';

/** One push of a smart score as the score.model node records it in its detail (`top`). */
interface Push {
  id: string;
  label?: { en: string; zh: string };
  value: string | number | boolean | null;
  points: number;
}

const isPush = (x: unknown): x is Push => typeof x === 'object' && x !== null && typeof (x as Push).id === 'string' && typeof (x as Push).points === 'number';

/** The smart score's top features as a table (feature, this lead's value, points against an average lead), not as raw JSON. */
export function SmartScoreTop({ top, format }: { top: unknown; format: Formatter }) {
  const { t } = useTranslation(namespace);
  const rows = Array.isArray(top) ? top.filter(isPush) : [];
  if (rows.length === 0) return null;
  const value = (v: Push['value']) => (v === null ? t('smart.missing') : typeof v === 'boolean' ? (v ? t('yes') : t('no')) : String(v));
  return (
    <table className="breakdown" data-table="smart-top">
      <caption>{t('smart.top')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('smart.feature')}</th>
          <th scope="col">{t('smart.value')}</th>
          <th scope="col">{t('points')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={p.id} data-feature={p.id}>
            <td>{p.label?.[format.lang] ?? p.id}</td>
            <td>{value(p.value)}</td>
            <td className="num">{`${p.points > 0 ? '+' : p.points < 0 ? '−' : ''}${format.number(Math.abs(p.points), { maximumFractionDigits: 1 })}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
