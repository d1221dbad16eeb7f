import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import fixture from './fixtures/report.json';
import { ResultsView } from './ResultsView.js';
import type { SimulationReport } from './types.js';

// A real report: the simulator's CLI on the first 120 leads of examples/exports/en-crm-leads.csv,
// "rr" (round robin over the three teams) against "set2" (weighted round robin + the S16 reclaim rules), seed 7.
const report = fixture as unknown as SimulationReport;

beforeEach(() => setTenantZone('America/New_York'));
afterEach(cleanup);

const cellsOf = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);
const rowOf = (table: HTMLElement, name: RegExp | string) => within(table).getByRole('row', { name });

describe('ResultsView', () => {
  it('sets the candidates side by side with intervals (English)', () => {
    setLanguage('en');
    render(<ResultsView report={report} />);
    const overview = screen.getByRole('table', { name: 'Overview' });
    // Unassigned and contacted-within-the-run columns (this stored report predates contactedShare: —).
    expect(cellsOf(rowOf(overview, /^set2/))).toEqual([
      '27.6 (95% 19.8 – 35.4)',
      '10,556,111 (95% 5,887,249 – 15,224,973)',
      '0 of 120 (0%)',
      '—',
      '62 / 120',
      '0.141',
      '0.254',
      '3',
    ]);
    expect(cellsOf(rowOf(overview, /^rr/))[0]).toBe('26 (95% 26 – 26)');
    expect(within(overview).getByText('baseline')).toBeInstanceOf(HTMLElement);
  });

  it('says whom fairness counts and names the roster reps left out, in both languages; an older report says nothing', () => {
    const withPopulation = {
      ...report,
      policies: report.policies.map((p) => ({ ...p, fairness: { ...p.fairness, reps: 21, leftOut: 2 } })),
      fairnessLeftOut: ['mgr-1', 'support-2'],
    } as SimulationReport;
    setLanguage('en');
    const { unmount } = render(<ResultsView report={withPopulation} />);
    expect(document.querySelector('[data-fairness-reps="21"]')?.textContent).toBe(
      'Fairness and leads per rep count the 21 reps who own a lead in the history, get one in a run, or whom a candidate’s routing can reach. Left out (no policy and not the history gives them leads): mgr-1, support-2.',
    );
    unmount();
    setLanguage('zh');
    render(<ResultsView report={withPopulation} />);
    expect(document.querySelector('[data-fairness-reps="21"]')?.textContent).toBe(
      '公平性与人均线索按 21 名销售计算：在历史中持有线索、在模拟中分到线索，或在任一候选策略分配范围内的销售。未计入（任何策略与历史都不给其分配线索）：mgr-1, support-2。',
    );
    cleanup();
    render(<ResultsView report={report} />);
    expect(document.querySelector('[data-fairness-reps]')).toBeNull();
  });

  it('draws per-rep bars, whiskers and reclaims, each with a label and a table', () => {
    setLanguage('en');
    render(<ResultsView report={report} />);
    const bars = screen.getByRole('img', { name: 'Leads held per rep at the end, rr' });
    // 21 reps and the leads nobody holds.
    expect(bars.querySelectorAll('rect')).toHaveLength(22);
    expect(bars.querySelectorAll('rect.sim-bar-unassigned')).toHaveLength(1);
    const whiskers = screen.getByRole('img', { name: 'Expected wins with 95% intervals' });
    expect(whiskers.querySelectorAll('circle')).toHaveLength(2);
    const reclaims = document.querySelector('table[data-table="reclaims"]') as HTMLElement;
    expect(cellsOf(rowOf(reclaims, /2026-01/))).toEqual(['0', '1,097']);
    expect(cellsOf(rowOf(reclaims, /2026-02/))).toEqual(['0', '507']);
  });

  it('lists the differences with the verdict words and the rule they follow (English)', () => {
    setLanguage('en');
    render(<ResultsView report={report} />);
    expect(screen.getByText(/only when the 95 % interval of the difference excludes zero/)).toBeInstanceOf(HTMLElement);
    const diff = screen.getByRole('table', { name: 'set2 vs rr' });
    expect(cellsOf(rowOf(diff, /^Expected wins/))).toEqual(['26', '27.6', '+1.6 [-6.2, 9.4]', 'no clear difference']);
    expect(cellsOf(rowOf(diff, /^Gini of leads per rep/))).toEqual(['0.036', '0.141', '+0.106 [-0.041, 0.112]', 'no clear difference']);
    expect(cellsOf(rowOf(diff, /^Reclaims/))[3]).toBe('reported, not ranked');
    expect(screen.getByText(/13 rep × segment cells have no history/)).toBeInstanceOf(HTMLElement);
  });

  it('calls a candidate better only where the report says its interval excludes zero', () => {
    setLanguage('en');
    const better = structuredClone(report);
    const wins = better.differences[0]!.metrics.find((m) => m.metric === 'expectedWins')!;
    Object.assign(wins, { low: 0.5, high: 3, verdict: 'better' });
    render(<ResultsView report={better} />);
    const diff = screen.getByRole('table', { name: 'set2 vs rr' });
    expect(cellsOf(rowOf(diff, /^Expected wins/))[3]).toBe('better');
    expect(cellsOf(rowOf(diff, /^Expected revenue/))[3]).toBe('no clear difference');
  });

  it('says it all in Chinese, the model section included', () => {
    setLanguage('zh');
    render(<ResultsView report={report} />);
    const overview = screen.getByRole('table', { name: '概览' });
    expect(cellsOf(rowOf(overview, /^set2/))[0]).toBe('27.6（95% 区间 19.8 – 35.4）');
    const diff = screen.getByRole('table', { name: 'set2 对比 rr' });
    expect(cellsOf(rowOf(diff, /^预期赢单数/))[3]).toBe('无明显差异');
    expect(cellsOf(rowOf(diff, /^回收次数/))[3]).toBe('仅报告，不评优劣');
    expect(screen.getByText(/仅当差值的 95% 区间不含零时/)).toBeInstanceOf(HTMLElement);
    expect(screen.getByText(/13 个“销售 × 细分”组合在历史中没有任何线索/)).toBeInstanceOf(HTMLElement);
    expect(screen.getByRole('img', { name: 'rr：回放结束时每名销售持有的线索数' }).tagName.toLowerCase()).toBe('svg');
    expect(screen.queryByText(/Expected wins/)).toBeNull();
  });

  it("shows what a candidate names that the history's roster lacks, in the chosen language, and nothing when there is none", () => {
    setLanguage('en');
    render(<ResultsView report={report} />);
    expect(screen.queryByRole('alert')).toBeNull();
    cleanup();
    const message = {
      en: 'policy "routing", node "rr" (teams[0]): no rep of the roster is in team "East"',
      zh: '策略“routing”节点“rr”（teams[0]）：名单中没有团队“East”的销售',
    };
    const warned = { ...report, warnings: [{ policy: 'set2', policyKey: 'routing', nodeId: 'rr', path: 'teams[0]', message }] };
    render(<ResultsView report={warned} />);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading').textContent).toBe('Check the policies against this history');
    expect(within(alert).getByRole('listitem').textContent).toBe(`set2: ${message.en}`);
    cleanup();
    setLanguage('zh');
    render(<ResultsView report={warned} />);
    expect(within(screen.getByRole('alert')).getByRole('listitem').textContent).toBe(`set2: ${message.zh}`);
  });

  describe('a candidate that leaves leads with nobody', () => {
    const label = '方案：华东按容量分配并7天回收';
    const dropped = structuredClone(report);
    const [rr, set2] = dropped.policies as [SimulationReport['policies'][number], SimulationReport['policies'][number]];
    Object.assign(rr, { contactedShare: 1 });
    Object.assign(set2, { policy: label, unassigned: 30, held: 90, contactedShare: 0.7 });
    dropped.differences[0]!.policy = label;
    dropped.differences[0]!.metrics.unshift(
      { metric: 'unassigned', direction: 'lower', baseline: 0, value: 30, difference: 30, low: 20, high: 40, method: 'paired', verdict: 'worse' },
      { metric: 'contactedShare', direction: 'higher', baseline: 100, value: 70, difference: -30, low: -38, high: -22, method: 'paired', verdict: 'worse' },
    );
    Object.assign(dropped.differences[0]!.metrics.find((m) => m.metric === 'firstContactP90')!, {
      value: null,
      difference: null,
      low: 4,
      high: null,
      verdict: 'worse',
    });
    dropped.unassignedWarnings = [
      {
        policy: label,
        unassigned: 30,
        leads: 120,
        share: 0.25,
        message: { en: '30 of 120 leads (25%) are held by nobody', zh: '120 条线索中有 30 条（25%）无人持有' },
      },
    ];

    it('shows Unassigned in the overview, as its own bar, and warns first (English)', () => {
      setLanguage('en');
      render(<ResultsView report={dropped} />);
      const overview = screen.getByRole('table', { name: 'Overview' });
      expect(within(overview).getAllByRole('columnheader')[3]!.textContent).toBe('Unassigned');
      expect(cellsOf(rowOf(overview, /^方案/)).slice(2, 4)).toEqual(['30 of 120 (25%)', '70%']);
      expect(cellsOf(rowOf(overview, /^rr/)).slice(2, 4)).toEqual(['0 of 120 (0%)', '100%']);
      const chart = screen.getByRole('img', { name: `Leads held per rep at the end, ${label}` });
      const nobody = chart.querySelector('[data-bar="unassigned"]') as SVGElement;
      expect(nobody.querySelector('rect')!.getAttribute('class')).toBe('sim-bar sim-bar-unassigned');
      expect(nobody.textContent).toBe('Unassigned30 of 120 (25%)');
      const alert = screen.getAllByRole('alert')[0]!;
      expect(within(alert).getByRole('heading').textContent).toBe('Leads left with nobody');
      expect(within(alert).getByRole('listitem').textContent).toBe(`${label}: 30 of 120 leads (25%) are held by nobody`);
      const diff = screen.getByRole('table', { name: `${label} vs rr` });
      expect(cellsOf(rowOf(diff, /^Leads left unassigned/))).toEqual(['0', '30', '+30 [20, 40]', 'worse']);
      expect(cellsOf(rowOf(diff, /^Contacted within the run/))).toEqual(['100', '70', '-30 [-38, -22]', 'worse']);
      // A 90th percentile the candidate never reached: said in words, its interval open above.
      expect(cellsOf(rowOf(diff, /^Time to first contact, 90th/))).toEqual(['33', 'not reached within the run', '— [4, +∞]', 'worse']);
    });

    it('draws both candidates’ per-rep charts on one scale: equal bars, equal numbers', () => {
      setLanguage('en');
      render(<ResultsView report={dropped} />);
      const charts = [...document.querySelectorAll('figure[data-chart="per-rep"] svg')] as SVGElement[];
      expect(charts).toHaveLength(2);
      // The largest figure of either candidate (set2's 30 unassigned) is the full length of both.
      expect(charts.map((c) => c.getAttribute('data-max'))).toEqual(['30', '30']);
      expect(document.querySelector('[data-scale]')!.textContent).toContain('a full bar is 30 leads');
      const perLead = charts.flatMap((c) =>
        [...c.querySelectorAll('g')].map(
          (g) => Number(g.querySelector('rect')!.getAttribute('width')) / Number(g.querySelector('.sim-chart-value')!.textContent!.split(' ')[0]),
        ),
      );
      const finite = perLead.filter((x) => Number.isFinite(x) && x > 0);
      expect(finite.length).toBeGreaterThan(30);
      for (const x of finite) expect(x).toBeCloseTo(finite[0]!, 9);
    });

    it('leaves room for long and CJK labels, and shows a month axis as YYYY-MM', () => {
      setLanguage('zh');
      render(<ResultsView report={dropped} />);
      const whiskers = screen.getByRole('img', { name: '预期赢单数及 95% 区间' });
      const labels = [...whiskers.querySelectorAll('text.sim-chart-label')].map((t) => t.textContent);
      expect(labels).toEqual(['rr', label]);
      // The label ends at x (text-anchor end): 14 full-width characters at 11 px and a digit fit left of it, not cut off.
      const text = whiskers.querySelectorAll('text.sim-chart-label')[1]!;
      expect(text.getAttribute('text-anchor')).toBe('end');
      expect(Number(text.getAttribute('x'))).toBeGreaterThanOrEqual(14 * 11 + 0.5 * 11);
      const reclaims = screen.getByRole('img', { name: '按线索创建月份统计的回收次数' });
      const months = [...reclaims.querySelectorAll('text.sim-chart-label')].map((t) => t.textContent!);
      expect(months[0]).toMatch(/^2026-01 · rr$/);
      expect(months[1]).toMatch(/^2026-01 · 方案：华东/);
      expect(within(screen.getByRole('table', { name: '概览' })).getAllByRole('columnheader')[3]!.textContent).toBe('未分配');
      expect(within(screen.getAllByRole('alert')[0]!).getByRole('listitem').textContent).toBe(`${label}: 120 条线索中有 30 条（25%）无人持有`);
    });
  });
});
