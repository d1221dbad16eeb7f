import { describe, expect, it } from 'vitest';
import { compare } from '../estimate/compare.js';
import { keptRun, reassignedRun, syntheticHistory } from '../estimate/fixtures.js';
import { fitModel } from '../estimate/model.js';
import { reportHtml } from './html.js';

describe('reportHtml: the standalone simulation report', () => {
  const history = syntheticHistory(3, [
    { id: 'ace', team: 'north', rates: { a: 0.6 }, leads: { a: 30 } },
    { id: 'bea', team: 'south', rates: { a: 0.2 }, leads: { a: 30 } },
  ]);
  const model = fitModel(history);
  const runs = [keptRun(history, 'live <v3>'), reassignedRun(history, '全部给 ace', () => 'ace')];
  const comparison = compare(runs, history, model, { seed: 1, bootstrap: 20 });
  const html = reportHtml(comparison, { source: { en: 'leads.csv, 60 rows', zh: 'leads.csv，60 行' } });

  it('stands alone: no script, no external file, charts as inline SVG', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    expect(html).not.toMatch(/<link /i);
    // Expected wins, leads per rep and reclaims by month, once per language.
    expect(html.match(/<svg /g)?.length).toBe(6);
  });

  it('carries both languages, each with its own title, tables and model section', () => {
    expect(html).toContain('<section class="lang-en" lang="en">');
    expect(html).toContain('<section class="lang-zh" lang="zh-CN">');
    expect(html).toContain('Policy simulation report');
    expect(html).toContain('策略模拟报告');
    expect(html).toContain('How counterfactual leads are estimated');
    expect(html).toContain('反事实线索如何估计');
    expect(html).toContain('leads.csv，60 行');
  });

  it('opens in English unless asked for Chinese; only which language shows first differs', () => {
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<input type="radio" name="lang" id="lang-en" checked><input type="radio" name="lang" id="lang-zh">');
    const zh = reportHtml(comparison, { source: { en: 'leads.csv, 60 rows', zh: 'leads.csv，60 行' }, lang: 'zh' });
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('<input type="radio" name="lang" id="lang-en"><input type="radio" name="lang" id="lang-zh" checked>');
    expect(
      zh.replace('<html lang="zh-CN">', '<html lang="en">').replace('id="lang-en">', 'id="lang-en" checked>').replace(' id="lang-zh" checked', ' id="lang-zh"'),
    ).toBe(html);
  });

  it('puts what the candidates name that the roster lacks first, in both languages, and nothing when they name nothing unknown', () => {
    expect(html).not.toContain('class="warn"');
    const warned = reportHtml({
      ...comparison,
      warnings: [
        { policy: '全部给 ace', policyKey: 'routing', nodeId: 'rr', path: 'teams[0]', message: { en: 'no rep <of> team "x"', zh: '没有团队“x”的销售' } },
      ],
    });
    const en = warned.slice(warned.indexOf('<section class="lang-en"'), warned.indexOf('<section class="lang-zh"'));
    expect(en).toContain(
      '<h2 class="warn">Check the policies against this history</h2><ul class="warn"><li><strong>全部给 ace</strong>: no rep &#60;of&#62; team &#34;x&#34;</li></ul>',
    );
    expect(en.indexOf('class="warn"')).toBeLessThan(en.indexOf('<h2>Summary</h2>'));
    expect(warned).toContain('请核对策略与本历史数据');
    expect(warned).toContain('没有团队“x”的销售');
  });

  it('breaks the results down by quarter and by rep too (S31), and reads a report stored before those were added', () => {
    expect(html).toContain('<h3>By quarter</h3>');
    expect(html).toContain('<h3>By rep (final holder)</h3>');
    expect(html).toContain('<h3>按维度 季度</h3>');
    expect(html).toContain('<th scope="row">ace</th>');
    const older = { ...comparison, policies: comparison.policies.map((p) => ({ ...p, breakdown: { ...p.breakdown, quarter: undefined, rep: undefined } })) };
    const page = reportHtml(older as unknown as typeof comparison);
    expect(page).not.toContain('By quarter');
    expect(page).toContain('<h3>By month</h3>');
  });

  it('gives the expected conversion rate (S30): expected wins over leads, overall and in every breakdown row', () => {
    const pct = (x: number) => new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(x);
    for (const p of comparison.policies) {
      const { estimate, low, high } = p.expectedWins;
      expect(html).toContain(`${pct(estimate / p.leads)} <span class="ci">[${pct(low / p.leads)}, ${pct(high / p.leads)}]</span>`);
    }
    // 30 leads of 60 each for ace and bea under "live": a rep row with its own rate.
    const ace = comparison.policies[0]!.breakdown.rep.find((g) => g.value === 'ace')!;
    expect(html).toContain(`<td>${pct(ace.expectedWins.estimate / ace.leads)} <span class="ci">`);
    expect(html.match(/Expected conversion rate/g)!.length).toBeGreaterThan(7);
    expect(html).toContain('预期转化率');
  });

  it('names every policy, escaping what a user typed', () => {
    expect(html).toContain('live &#60;v3&#62;');
    expect(html).not.toContain('live <v3>');
    expect(html).toContain('全部给 ace');
  });

  it('states the verdict on each difference in words, and the counterfactual count per policy', () => {
    const wins = comparison.differences[0]!.metrics.find((d) => d.metric === 'expectedWins')!;
    const words = {
      better: ['better (interval excludes zero)', '更好（区间不含零）'],
      worse: ['worse', '更差'],
      unclear: ['no clear difference', '无明显差异'],
    } as const;
    for (const w of words[wins.verdict as keyof typeof words]) expect(html).toContain(w);
    // bea's 30 leads moved to ace: counterfactual.
    expect(html).toContain('全部给 ace: 30 counterfactual leads');
  });

  it('is the same bytes for the same comparison', () => {
    expect(reportHtml(comparison, { source: { en: 'leads.csv, 60 rows', zh: 'leads.csv，60 行' } })).toBe(html);
  });

  it('shows figures with grouped thousands and per-metric decimals, and the expected-wins bars from zero', () => {
    const live = comparison.policies[0]!;
    // No raw float (more than three decimals) anywhere in the tables.
    expect(html).not.toMatch(/<td>-?\d+\.\d{4,}/);
    expect(html).toContain(`<td>${Math.round(live.expectedRevenue.estimate).toLocaleString('en-US')} <span class="ci">`);
    // The y axis of the expected-wins chart has a 0 tick label.
    const first = html.indexOf('<svg ');
    const wins = html.slice(first, html.indexOf('</svg>', first));
    expect(wins).toContain('Expected wins');
    expect(wins).toMatch(/>0<\/text>/);
  });
});
