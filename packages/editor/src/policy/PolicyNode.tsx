import { Handle, Position, type NodeProps } from '@xyflow/react';
import { createContext, memo, useContext, type CSSProperties } from 'react';
import type { TFunction } from 'i18next';
import { groupOf, hasInput, kindColour, kindInfo, outputsOf } from './catalog';
import type { PolicyFlowNode } from './flow';
import { nodeSentence } from './sentence';

/**
 * The language and the policy namespace's `t`, given once by the canvas: hundreds of nodes each
 * subscribing to i18next themselves made a 300-node policy slow to open.
 */
export const NodeWords = createContext<{ lang: 'zh' | 'en'; t: TFunction } | null>(null);

/** One node on the canvas: kind label, its config as a sentence, one labelled handle per output. */
function PolicyNodeView({ data, selected }: NodeProps<PolicyFlowNode>) {
  const words = useContext(NodeWords);
  if (!words) throw new Error('PolicyNode is drawn inside a canvas that provides NodeWords');
  const { lang, t } = words;
  const { node, mark, lit, dim, problems } = data;
  const info = kindInfo(node.type);
  const outputs = outputsOf(node);
  const single = outputs.length === 1;
  const classes = [
    'pnode',
    `g-${info ? groupOf(info) : 'unknown'}`,
    selected ? 'selected' : '',
    lit ? 'lit' : '',
    dim ? 'dim' : '',
    mark ? `mark-${mark}` : '',
    problems ? 'has-problems' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={classes} data-node-id={node.id} data-kind={node.type} style={{ '--group-colour': kindColour(node.type) } as CSSProperties}>
      {hasInput(node.type) && <Handle type="target" position={Position.Top} id={null} />}
      <div className="pnode-head">
        <span className="pnode-kind">{info ? info.labels[lang] : node.type}</span>
        {mark && <span className={`pnode-mark mark-${mark}`}>{t(`mark.${mark}`)}</span>}
        {problems ? (
          <span className="pnode-badge" role="img" title={t('problemsOnNode', { count: problems })} aria-label={t('problemsOnNode', { count: problems })}>
            {problems}
          </span>
        ) : null}
      </div>
      {node.label && <div className="pnode-label">{node.label}</div>}
      <div className="pnode-sentence">{nodeSentence({ type: node.type, data: node.data }, lang)}</div>
      {outputs.length > 0 && (
        <div className="pnode-outputs">
          {outputs.map((o) => (
            <div key={o.handle} className="pnode-output" data-handle={o.handle}>
              {!single && <span className="pnode-output-label">{o.labels[lang]}</span>}
              <Handle type="source" position={Position.Bottom} id={o.handle} className="pnode-handle" title={o.labels[lang]} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export const PolicyNode = memo(PolicyNodeView);
export const nodeTypes = { policy: PolicyNode };
