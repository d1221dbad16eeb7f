import { useTranslation } from 'react-i18next';
import { fieldLabel, nodeLabel } from './problemPlace';
import { useLang } from './useLang';
import type { Problem } from './validation';

/**
 * Every problem of the policy; choosing one selects its node and focuses its field. Each says where
 * in the words on screen (the node's kind and the field's label), its id and key beside them.
 */
export function Problems({
  problems,
  nodes = [],
  onPick,
}: {
  problems: Problem[];
  nodes?: ReadonlyArray<{ id: string; type: string }>;
  onPick(p: Problem): void;
}) {
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
                {p.severity === 'warning' ? '⚠' : '✖'} <Place problem={p} nodes={nodes} lang={lang} />
                {p.message[lang]}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Reclaim to pool (rule-1) · Pool (poolId):" — the labels, the id and key in code beside them. */
function Place({ problem: p, nodes, lang }: { problem: Problem; nodes: ReadonlyArray<{ id: string; type: string }>; lang: 'zh' | 'en' }) {
  if (!p.nodeId) return null;
  const node = nodes.find((n) => n.id === p.nodeId);
  const name = nodeLabel(node, lang);
  const field = node ? fieldLabel(node.type, p.field, lang) : undefined;
  return (
    <>
      {name ? <span className="problem-node">{name} </span> : null}
      <strong>{p.nodeId}</strong>
      {p.field ? (
        <>
          {' · '}
          {field ? <span className="problem-field">{field} </span> : null}
          <code>{p.field}</code>
        </>
      ) : null}
      {lang === 'zh' ? '：' : ': '}
    </>
  );
}
