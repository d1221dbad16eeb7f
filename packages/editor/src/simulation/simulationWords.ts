import type { CandidateRun, SimulationReport } from './types.js';

/** The page's translate function, as the words below need it (react-i18next's `t` of the simulation namespace). */
type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The version a candidate ran a policy at, in words: the one resolved at the start (v3, draft), else as asked (live). */
export function versionWords(p: CandidateRun['policies'][number], t: Translate): string {
  const v = p.resolved ?? p.version;
  if (typeof v === 'number') return t('evidence.versionN', { n: v });
  return v === 'draft' ? t('evidence.draft') : t('evidence.live');
}

/**
 * A simulation's candidates by policy name and version, baseline first: "轮询 v3 vs 按容量 草稿".
 * `names`: policy key → name (the key where a policy is not known, deleted since).
 */
export function candidatesWords(candidates: readonly CandidateRun[], names: ReadonlyMap<string, string>, t: Translate): string {
  return candidates
    .map((c) => c.policies.map((p) => t('evidence.policyAt', { name: names.get(p.key) ?? p.key, version: versionWords(p, t) })).join(' + '))
    .join(t('evidence.versus'));
}

/**
 * What the report concluded, one line per candidate against the baseline: the metrics it is
 * better and worse on (the rest: no clear difference), by their names in the chosen language.
 */
export function verdictLines(report: Pick<SimulationReport, 'verdicts'> | undefined, t: Translate, metricName: (metric: string) => string): string[] {
  return (report?.verdicts ?? []).map((v) => {
    const list = (metrics: readonly string[] | undefined) => (metrics ?? []).map(metricName).join(t('evidence.listSeparator'));
    const parts = [
      ...((v.better?.length ?? 0) > 0 ? [t('evidence.better', { metrics: list(v.better) })] : []),
      ...((v.worse?.length ?? 0) > 0 ? [t('evidence.worse', { metrics: list(v.worse) })] : []),
    ];
    return t('evidence.verdictLine', {
      policy: v.policy,
      versus: v.versus,
      verdict: parts.length > 0 ? parts.join(t('evidence.partSeparator')) : t('evidence.noClear'),
    });
  });
}
