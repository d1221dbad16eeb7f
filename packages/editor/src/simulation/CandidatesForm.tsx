import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterView } from '@sluice/engine';
import { listPolicies, type PolicySummary } from '../policies/api.js';
import { useCandidateWarnings } from './candidateWarnings.js';
import { namespace } from './messages.js';
import type { CandidateDraft as Draft } from './newDraft.js';
import type { CandidateInput, PolicyVersionRef } from './types.js';

interface Props {
  disabled?: boolean;
  busy?: boolean;
  onRun: (input: { candidates: CandidateInput[]; seed: number }) => void;
  /** The dataset's roster, once previewed: each candidate's policies are checked against it. */
  roster?: RosterView | null;
  /** What the form starts with (remembered, or a simulation's to change): null candidates = two empty ones. */
  initial?: { candidates: Draft[] | null; seed: string } | null;
  /** Every edit of the candidates or the seed, to be remembered. */
  onEdit?: (candidates: Draft[], seed: string) => void;
}

const versionRef = (v: string): PolicyVersionRef => (v === 'live' || v === 'draft' ? v : Number(v));

export function versionChoices(p: PolicySummary): string[] {
  const out: string[] = [];
  if (p.liveVersion !== null) out.push('live');
  out.push('draft');
  for (let n = p.latestVersion ?? 0; n >= 1; n--) out.push(String(n));
  return out;
}

/** Two or more candidates, each a set of policies at a version; the first is the baseline. */
export function CandidatesForm({ disabled = false, busy = false, onRun, roster, initial, onEdit }: Props) {
  const { t, i18n } = useTranslation(namespace);
  const lang = i18n.language?.startsWith('zh') ? 'zh' : 'en';
  const policies = useQuery({ queryKey: ['policies'], queryFn: listPolicies });
  const [drafts, setDraftsOnly] = useState<Draft[]>(
    () =>
      initial?.candidates ?? [
        { label: t('candidates.defaultLabel', { n: 1 }), versions: {} },
        { label: t('candidates.defaultLabel', { n: 2 }), versions: {} },
      ],
  );
  const [seed, setSeedOnly] = useState(initial?.seed ?? '1');
  const setDrafts = (next: Draft[]) => {
    setDraftsOnly(next);
    onEdit?.(next, seed);
  };
  const setSeed = (next: string) => {
    setSeedOnly(next);
    onEdit?.(drafts, next);
  };
  const list = policies.data ?? [];
  // A remembered choice of a policy deleted since is not sent (nor shown: it has no row).
  const known = new Set(list.map((p) => p.key));

  const candidates: CandidateInput[] = drafts.map((d) => ({
    label: d.label.trim(),
    policies: Object.entries(d.versions)
      .filter(([key, v]) => v !== '' && known.has(key))
      .map(([key, v]) => ({ key, version: versionRef(v) })),
  }));
  const warnings = useCandidateWarnings(candidates, roster);
  const ready = candidates.length >= 2 && candidates.every((c) => c.label !== '' && c.policies.length > 0) && /^-?\d+$/.test(seed.trim());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) onRun({ candidates, seed: Number(seed.trim()) });
  };
  const set = (i: number, next: Draft) => setDrafts(drafts.map((d, j) => (j === i ? next : d)));

  return (
    <form className="sim-candidates" onSubmit={submit} aria-label={t('candidates.legend')} data-form="candidates">
      {policies.isSuccess && list.length === 0 && <p className="muted">{t('candidates.noPolicies')}</p>}
      {drafts.map((d, i) => (
        <fieldset key={i} className="sim-candidate" data-candidate={i} disabled={disabled}>
          <legend>
            {d.label || t('candidates.defaultLabel', { n: i + 1 })} {i === 0 && <span className="kind-badge">{t('candidates.baseline')}</span>}
          </legend>
          <label className="field">
            <span>{t('candidates.label')}</span>
            <input name={`candidate-${i}-label`} value={d.label} onChange={(e) => set(i, { ...d, label: e.target.value })} />
          </label>
          <table className="sim-table">
            <thead>
              <tr>
                <th scope="col">{t('candidates.policy')}</th>
                <th scope="col">{t('candidates.version')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.key} data-policy={p.key}>
                  <th scope="row">
                    {p.name} <span className="muted">({p.key})</span>
                  </th>
                  <td>
                    <select
                      aria-label={`${d.label} · ${t('candidates.include', { key: p.key })}`}
                      value={d.versions[p.key] ?? ''}
                      onChange={(e) => set(i, { ...d, versions: { ...d.versions, [p.key]: e.target.value } })}
                    >
                      <option value="">—</option>
                      {versionChoices(p).map((v) => (
                        <option key={v} value={v}>
                          {v === 'live' ? t('candidates.live') : v === 'draft' ? t('candidates.draft') : t('candidates.versionN', { n: v })}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {(warnings[i]?.length ?? 0) > 0 && (
            <div className="sim-warnings" role="status" data-candidate-warnings={i}>
              <h3>{t('candidates.warnings')}</h3>
              <ul>
                {warnings[i]!.map((w) => (
                  <li key={`${w.policyKey}:${w.nodeId}:${w.path}`}>{w.message[lang]}</li>
                ))}
              </ul>
            </div>
          )}
          {drafts.length > 2 && (
            <button type="button" className="button" onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}>
              {t('candidates.remove', { label: d.label })}
            </button>
          )}
        </fieldset>
      ))}
      <div className="sim-actions">
        <button
          type="button"
          className="button"
          disabled={disabled}
          onClick={() => setDrafts([...drafts, { label: t('candidates.defaultLabel', { n: drafts.length + 1 }), versions: {} }])}
        >
          {t('candidates.add')}
        </button>
        <label className="field sim-seed">
          <span>{t('candidates.seed')}</span>
          <input name="seed" inputMode="numeric" value={seed} disabled={disabled} onChange={(e) => setSeed(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary" disabled={disabled || busy || !ready} data-action="run">
          {busy ? t('candidates.starting') : t('candidates.run')}
        </button>
      </div>
      {!ready && !disabled && <p className="muted">{t('candidates.needTwo')}</p>}
    </form>
  );
}
