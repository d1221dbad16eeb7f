import { describe, expect, it } from 'vitest';
import { buildModelReport } from './build.js';
import { fixtureParts } from './fixtures.js';
import { modelReportHtml } from './html.js';

describe('modelReportHtml: the standalone evaluation report', () => {
  const report = buildModelReport(fixtureParts());
  const html = modelReportHtml(report);

  it('stands alone: no script, no external URL or file, charts as inline SVG', () => {
    // SVG's namespace names are identifiers, never fetched; nothing else may name a URL.
    const withoutNamespaces = html.replace(/ xmlns(:xlink)?="http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)"/g, '');
    expect(withoutNamespaces).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/<link /i);
    // Calibration and lift, once per language.
    expect(html.match(/<svg /g)?.length).toBe(4);
  });

  it('carries both languages with their headings, English first', () => {
    const en = html.indexOf('<section class="lang-en" lang="en">');
    const zh = html.indexOf('<section class="lang-zh" lang="zh-CN">');
    expect(en).toBeGreaterThan(0);
    expect(zh).toBeGreaterThan(en);
    for (const h of ['Smart score evaluation', 'Verdict', 'Features used (strongest first)', 'Features dropped', 'Assumptions', 'Calibration and lift'])
      expect(html.slice(en, zh)).toContain(h);
    for (const h of ['智能评分评估报告', '结论', '使用的特征（按影响从大到小）', '未使用的特征', '假设', '校准与提升度']) expect(html.slice(zh)).toContain(h);
  });

  it('shows the numbers of the report: AUC side by side, the difference and its interval, the counts', () => {
    const t = report.metrics.test;
    // AUC row: model 1, points 0.55, base rate 0.5 (three decimals at most, trailing zeros dropped).
    expect(html).toContain('<tr><th scope="row">AUC (ranks won above lost)</th><td>1</td><td>0.55</td><td>0.5</td></tr>');
    expect(html).toContain('<tr><th scope="row">AUC（赢单排在输单前的能力）</th><td>1</td><td>0.55</td><td>0.5</td></tr>');
    // ECE 0.17 as a percentage; log loss of the base rate ln 2 → 0.693.
    expect(html).toContain('<tr><th scope="row">Calibration error (ECE)</th><td>17%</td><td>—</td><td>—</td></tr>');
    expect(html).toMatch(/<tr><th scope="row">Log loss<\/th><td>[\d.]+<\/td><td>—<\/td><td>0\.693<\/td><\/tr>/);
    // Top decile: the model's two highest are won (lift 2), the points' two highest rows 19 and 18 (one won: lift 1).
    expect(t.model.lift[0]!.lift).toBe(2);
    expect(html).toContain('<tr><th scope="row">Lift in the top decile</th><td>2</td><td>1</td><td>1</td></tr>');
    const d = report.aucDifference;
    const f = (x: number) => `+${(Math.round(x * 1000) / 1000).toString()}`;
    expect(html).toContain(`<strong>${f(d.difference)}</strong> <span class="ci">[${f(d.low)}, ${f(d.high)}]</span>`);
    // The charts' numbers as tables: the 0.7–0.8 bin (five won leads, mean 0.75) and decile 1 (model 100%, points 50%).
    expect(html).toContain('<tr><th scope="row">70% – 80%</th><td>5</td><td>75%</td><td>100%</td></tr>');
    expect(html).toContain('<tr><th scope="row">1</th><td>2</td><td>100%</td><td>2</td><td>20%</td><td>50%</td><td>1</td><td>10%</td></tr>');
    expect(html).toContain('<tr><th scope="row">0% – 10%</th><td>3</td><td>7%</td><td>0%</td></tr>');
    expect(html).toContain('Leads read: 45 · Closed (won or lost), used: 40 · Still open, left out: 5');
    expect(html).toContain('<td>2026-02-01 – 2026-02-20</td><td>20</td><td>10 (50%)</td>');
  });

  it('states the verdict, the features with their weights, and the dropped ones with reasons, escaping names', () => {
    expect(html).toContain('<p class="verdict offered"><strong>Offered</strong> — Offered: on the newest leads');
    expect(html).toContain('<p class="verdict offered"><strong>可以采用</strong>');
    expect(html).toContain('Lead source &#60;web&#62;');
    expect(html).not.toContain('Lead source <web>');
    // Category weights: best level first, with its label in each language; missing carries its own weight.
    expect(html).toContain('<td>Reference +1.2, Google -0.3, missing -0.5</td>');
    expect(html).toContain('<td>转介绍 +1.2, Google -0.3, 缺失 -0.5</td>');
    expect(html).toContain('<td>+0.5 per SD</td>');
    expect(html).toContain('<code>activities.visit (within 24 h)</code>');
    expect(html).toContain('<td><code>leak-values</code></td><td>filled in after the result</td>');
    expect(html).toContain('<td>结果出来后才填写</td>');
  });

  it('one language alone: only its section, no switch', () => {
    const zh = modelReportHtml(report, 'zh');
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('智能评分评估报告');
    expect(zh).not.toContain('Smart score evaluation');
    expect(zh).not.toContain('name="lang"');
    expect(zh.match(/<svg /g)?.length).toBe(2);
    expect(modelReportHtml(report, 'en')).not.toContain('智能评分评估报告');
  });

  it('is the same bytes for the same report, and not offered reads as such', () => {
    expect(modelReportHtml(buildModelReport(fixtureParts()))).toBe(html);
    const notOffered = modelReportHtml({ ...report, offered: false });
    expect(notOffered).toContain('<p class="verdict not-offered"><strong>Not offered</strong>');
    expect(notOffered).toContain('<strong>不建议采用</strong>');
  });
});
