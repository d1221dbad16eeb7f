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
    expect(cellsOf(rowOf(overview, /^set2/))).toEqual(['27.6 (95% 19.8 – 35.4)', '10,556,111 (95% 5,887,249 – 15,224,973)', '62 / 120', '0.141', '0.254', '3']);
    expect(cellsOf(rowOf(overview, /^rr/))[0]).toBe('26 (95% 26 – 26)');
    expect(within(overview).getByText('baseline')).toBeInstanceOf(HTMLElement);
  });

  it('draws per-rep bars, whiskers and reclaims, each with a label and a table', () => {
    setLanguage('en');
    render(<ResultsView report={report} />);
    const bars = screen.getByRole('img', { name: 'Leads held per rep at the end, rr' });
    expect(bars.querySelectorAll('rect')).toHaveLength(21);
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
});
