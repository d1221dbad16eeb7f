/** `sluice model score` output: one row per lead with its top reasons in plain words, both languages ("来源=转介绍 +12"). */
import type { ScoreContribution } from '@sluice/engine';
import type { ScoredLead } from '@sluice/simulator/model';

const shown = (v: ScoreContribution['value'], lang: 'en' | 'zh'): string => {
  if (v === null) return lang === 'en' ? '(empty)' : '（空）';
  if (typeof v === 'boolean') return lang === 'en' ? (v ? 'yes' : 'no') : v ? '是' : '否';
  return String(v);
};
const signed = (points: number): string => `${points < 0 ? '−' : '+'}${Math.abs(points).toFixed(1).replace(/\.0$/, '')}`;

/** "Lead Source=Reference +12" / "来源=转介绍 +12". */
export function reasonText(c: ScoreContribution, lang: 'en' | 'zh'): string {
  return `${c.label[lang]}=${shown(c.value, lang)} ${signed(c.points)}`;
}

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

export function scoresText(scored: readonly ScoredLead[], format: 'csv' | 'jsonl'): string {
  if (format === 'jsonl')
    return scored
      .map((s) =>
        JSON.stringify({
          leadId: s.leadId,
          score: s.score,
          probability: s.probability,
          reasons: s.top.map((c) => ({ feature: c.id, points: c.points, en: reasonText(c, 'en'), zh: reasonText(c, 'zh') })),
        }),
      )
      .map((l) => `${l}\n`)
      .join('');
  const header = ['lead_id', 'score', 'probability', 'reason_1', 'reason_1_zh', 'reason_2', 'reason_2_zh', 'reason_3', 'reason_3_zh'];
  const rows = scored.map((s) => {
    const reasons = [0, 1, 2].flatMap((i) => {
      const c = s.top[i];
      return c ? [reasonText(c, 'en'), reasonText(c, 'zh')] : ['', ''];
    });
    return [s.leadId, String(s.score), s.probability.toFixed(6), ...reasons].map(csvCell).join(',');
  });
  return `${[header.join(','), ...rows].join('\n')}\n`;
}

export function writeScores(path: string, scored: readonly ScoredLead[], write: (path: string, text: string, what: { en: string; zh: string }) => void): void {
  write(path, scoresText(scored, /\.jsonl$/i.test(path) ? 'jsonl' : 'csv'), { en: 'scores', zh: '评分文件' });
}
