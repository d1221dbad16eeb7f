import { useTranslation } from 'react-i18next';
import { useLang } from './useLang';
import type { Problem } from './validation';

/** Every problem of the policy; choosing one selects its node and focuses its field. */
export function Problems({ problems, onPick }: { problems: Problem[]; onPick(p: Problem): void }) {
  const lang = useLang();
  const { t } = useTranslation('policy');
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <section className="problems" aria-label={t('problems.title')}>
      <h3>
        {t('problems.title')} <span data-testid="problem-count">{errors}</span>
      </h3>
      {problems.length === 0 ? (
        <p>{t('problems.none')}</p>
      ) : (
        <ul>
          {problems.map((p, i) => (
            <li key={`${p.code}:${p.path}:${i}`} className={p.severity}>
              <button type="button" onClick={() => onPick(p)} data-node={p.nodeId ?? ''}>
                {p.severity === 'warning' ? '⚠' : '✖'} {p.nodeId ? <strong>{p.nodeId}</strong> : null} {p.field ? <code>{p.field}</code> : null}{' '}
                {p.message[lang]}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
