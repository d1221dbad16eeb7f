import { compilePolicy, decide, eventSchema, InMemoryState, tick, type Decision, type PolicyDocumentInput, type StateSnapshotInput } from '@sluice/engine';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import s06Policy from '../../../../examples/policies/s06-round-robin.json';
import s03Policy from '../../../../examples/policies/s03-scoring-thresholds.json';
import s10Policy from '../../../../examples/policies/s10-capacity-shifts.json';
import s16Policy from '../../../../examples/policies/s16-reclaim-rules.json';
import s03State from '../../../../examples/states/s03-team.json';
import s10State from '../../../../examples/states/s10-shifts.json';
import s16State from '../../../../examples/states/s16-owned-leads.json';
import s03Timeline from '../../../../examples/timelines/s03-behaviour.json';
import s10Timeline from '../../../../examples/timelines/s10-follow-the-sun.json';
import { makeFormatter } from '../format/format.js';
import { setLanguage } from '../i18n/index.js';
import { Explanation } from './Explanation.js';
import { pathOf, repEffects, type StoredDecision } from './explain.js';

// Real decisions, made by the engine from the example corpus: the view must read what the engine writes.
function compiled(doc: unknown) {
  const r = compilePolicy(doc as PolicyDocumentInput);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}
function decideFirst(policy: unknown, state: unknown, timeline: { events: unknown[] }): StoredDecision {
  const event = eventSchema.parse(timeline.events[0]);
  const d = decide(compiled(policy), event, InMemoryState.from(state as StateSnapshotInput), event.at);
  return { ...d, decisionId: 'd-1' };
}
const capacity = decideFirst(s10Policy, s10State, s10Timeline);
const scoring = decideFirst(s03Policy, s03State, s03Timeline);
const reclaim: StoredDecision = {
  ...(tick(compiled(s16Policy), InMemoryState.from(s16State as StateSnapshotInput), '2026-03-11T02:00:00Z').decisions[0] as Decision),
  decisionId: 'd-2',
};

const shanghai = (lang: 'zh' | 'en') => makeFormatter(lang, 'Asia/Shanghai');

afterEach(cleanup);

describe('explanation of an assignment (capacity, follow the sun)', () => {
  it('shows in English who was chosen and why each other rep was skipped', () => {
    setLanguage('en');
    render(<Explanation decision={capacity} format={shanghai('en')} repNames={{ 'sh-1': '王磊' }} />);
    expect(screen.getByTestId('summary').textContent).toBe('assigned lead L-1001 to sh-1 (capacity, node byCapacity)');
    const table = screen.getByRole('table', { name: 'Candidates' });
    const rows = within(table).getAllByRole('row').slice(1);
    // Chosen first, then the skipped in the engine's order.
    expect(rows.map((r) => r.getAttribute('data-rep'))).toEqual(['sh-1', 'ld-1', 'ny-1', 'sh-2', 'sh-3']);
    expect(rows[0]!.textContent).toContain('王磊 (sh-1)');
    expect(rows[0]!.textContent).toContain('chosen');
    expect(within(rows[1]!).getAllByRole('cell')[2]!.textContent).toBe('out of office');
    expect(within(rows[2]!).getAllByRole('cell')[2]!.textContent).toBe('off shift');
    expect(within(rows[3]!).getAllByRole('cell')[2]!.textContent).toBe('at their cap');
    // Figures: the away rep is back on 3 March 08:00 Shanghai time.
    expect(rows[1]!.textContent).toContain('until Mar 3, 2026, 08:00');
    expect(screen.getByText(/lead L-1001 to 王磊 \(sh-1\)/).textContent).toContain('previous owner: nobody');
  });

  it('shows the same in Chinese', () => {
    setLanguage('zh');
    render(<Explanation decision={capacity} format={shanghai('zh')} />);
    expect(screen.getByTestId('summary').textContent).toBe('线索 L-1001 分配给 sh-1（capacity，节点 byCapacity）');
    const rows = within(screen.getByRole('table', { name: '候选销售' }))
      .getAllByRole('row')
      .slice(1);
    expect(within(rows[0]!).getAllByRole('cell')[1]!.textContent).toBe('选中');
    expect(within(rows[1]!).getAllByRole('cell')[2]!.textContent).toBe('休假中');
    expect(within(rows[3]!).getAllByRole('cell')[2]!.textContent).toBe('已达持有上限');
    expect(rows[1]!.textContent).toContain('直到 2026年3月3日 08:00');
  });
});

describe('explanation of scoring', () => {
  it('lists the score breakdown and each condition with the value it saw', () => {
    setLanguage('en');
    const { container } = render(<Explanation decision={scoring} format={shanghai('en')} />);
    expect(screen.getByTestId('summary').textContent).toBe('scored lead L-301: 10, grade D');
    const breakdown = screen.getByRole('table', { name: 'Score breakdown' });
    expect(within(breakdown).getAllByRole('row')[1]!.textContent).toBe('target industry 目标行业attribute10');
    const leaves = [...container.querySelectorAll('[data-node="newSql"] .condition.leaf')].map((l) => l.textContent);
    expect(leaves).toEqual(['✗ stage = "SQL" · saw ∅', '✓ lead.stage ≠ "SQL" · saw ∅']);
    expect(container.querySelector('[data-node="points"] .absent')!.textContent).toBe('lead.budget is missing (not sent)');
  });
});

describe('explanation of a reclaim: why did I lose this customer?', () => {
  it('says in Chinese which clock ran out and from whom the lead was taken', () => {
    setLanguage('zh');
    const { container } = render(<Explanation decision={reclaim} format={shanghai('zh')} repNames={{ 'ae-1': '王芳' }} />);
    expect(container.querySelector('[data-node="reclaim"] .note')!.textContent).toBe('已从 ae-1 回收到线索池 public：自 2026-03-02 起未跟进，9 天 > 7 天');
    expect(screen.getByText(/线索 L-1601 进入线索池 public，收回自 王芳 \(ae-1\)/)).toBeTruthy();
    const clocks = within(screen.getByRole('table', { name: '回收计时' }))
      .getAllByRole('row')
      .slice(1);
    expect(clocks.map((r) => [r.className, within(r).getAllByRole('cell')[0]!.textContent, within(r).getAllByRole('cell')[2]!.textContent])).toEqual([
      ['is-due', 'noFollowUp', '9 / 7'],
      ['', 'noOpportunity', '19 / 30'],
      ['', 'noDeal', '38 / 90'],
    ]);
  });

  it('counts the rep among those who lost a lead', () => {
    expect(repEffects(reclaim.actions as never)).toEqual([
      { repId: 'ae-1', effect: 'lost' },
      { repId: 'ae-1', effect: 'told' },
    ]);
    expect(repEffects(capacity.actions as never)).toEqual([{ repId: 'sh-1', effect: 'gained' }]);
  });
});

describe('a long candidate table', () => {
  it('says how many rows were left out, by reason, in both languages', () => {
    // 60 reps, every third inactive: the engine lists 50 rows and counts the rest. Least loaded ranks
    // every member (a round robin over more than 50 stops at its turn), so s06's flow with that node.
    const leastLoaded = { ...s06Policy, nodes: s06Policy.nodes.map((n) => (n.id === 'rr' ? { ...n, type: 'assign.leastLoaded' } : n)) };
    const reps = Array.from({ length: 60 }, (_, i) => ({ id: `r-${String(i).padStart(2, '0')}`, teams: ['ae'], active: i % 3 !== 0 }));
    const event = eventSchema.parse({ id: 'e', type: 'lead.created', at: '2026-03-02T02:00:00Z', lead: { id: 'L-1' } });
    const d: StoredDecision = {
      ...decide(compiled(leastLoaded), event, InMemoryState.from({ reps, teams: [{ id: 'ae' }] } as StateSnapshotInput), event.at),
      decisionId: 'd-3',
    };
    setLanguage('en');
    const { unmount } = render(<Explanation decision={d} format={shanghai('en')} />);
    expect(screen.getAllByRole('row')).toHaveLength(51);
    expect(screen.getByTestId('omitted').textContent).toBe('10 more rows not listed: inactive 3');
    unmount();
    setLanguage('zh');
    render(<Explanation decision={d} format={shanghai('zh')} />);
    expect(screen.getByTestId('omitted').textContent).toBe('另有 10 行未列出： 未启用 3');
  });
});

describe('path on the canvas', () => {
  it('lights the visited nodes and only the edges taken', () => {
    expect(pathOf(capacity, s10Policy.edges)).toEqual({ nodes: ['start', 'byCapacity'], edges: ['e1'] });
    // The newSql condition answered false: its true edge is not lit.
    const p = pathOf(scoring, s03Policy.edges);
    expect(p.nodes).toEqual(['start', 'points', 'grade', 'newSql']);
    expect(p.edges).toEqual(['e1', 'e2', 'e3']);
  });
});
