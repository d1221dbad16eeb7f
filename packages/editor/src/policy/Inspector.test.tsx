import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18next } from '../i18n/index';
import { Inspector } from './Inspector';
import { EMPTY_VALUES } from './tenantValues';
import { validate } from './validation';

afterEach(cleanup);

const reclaim = { id: 'reclaim', type: 'reclaim.rule', position: { x: 0, y: 0 }, data: { days: { noFollowUp: 7 }, poolId: 'public' } };
const toPool = { id: 'pool', type: 'assign.toPool', position: { x: 0, y: 0 }, data: { poolId: 'public' } };
const rr = { id: 'rr', type: 'assign.roundRobin', position: { x: 0, y: 0 }, data: { teams: ['ae'], coolingDays: 7 } };
const values = { ...EMPTY_VALUES, teams: ['ae', 'sdr'], pools: ['public', 'east-pool'], reps: ['alice'] };

describe('Inspector', () => {
  it('shows the kind, its help and field labels from the catalog in English', async () => {
    await i18next.changeLanguage('en');
    render(<Inspector node={reclaim} problems={[]} values={values} onChange={() => {}} />);
    expect(screen.getByRole('heading', { name: 'Reclaim to pool' })).toBeTruthy();
    // Labels the engine's schema carries itself.
    expect(screen.getAllByText('Threshold: no follow-up').length).toBeGreaterThan(0);
    expect(screen.getAllByText('Working-day calendar').length).toBeGreaterThan(0);
    expect(screen.queryByText(/期限/)).toBeNull();
  });

  it('shows the same form in Chinese', async () => {
    await i18next.changeLanguage('zh');
    render(<Inspector node={reclaim} problems={[]} values={values} onChange={() => {}} />);
    expect(screen.getByRole('heading', { name: '回收到公海' })).toBeTruthy();
    expect(screen.getAllByText('期限：未跟进').length).toBeGreaterThan(0);
    expect(screen.getAllByText('工作日历').length).toBeGreaterThan(0);
    expect(screen.getAllByText('线索池').length).toBeGreaterThan(0);
    expect(screen.queryByText('Threshold: no follow-up')).toBeNull();
  });

  it('offers the tenant pools for a pool field, and editing it updates the node config', async () => {
    await i18next.changeLanguage('en');
    const onChange = vi.fn();
    const { container } = render(<Inspector node={toPool} problems={[]} values={values} onChange={onChange} />);
    const input = container.querySelector<HTMLInputElement>('#root_poolId')!;
    expect(input.value).toBe('public');
    const options = [...container.querySelectorAll(`datalist[id="root_poolId-values"] option`)].map((o) => o.getAttribute('value'));
    expect(options).toEqual(['public', 'east-pool']);
    fireEvent.change(input, { target: { value: 'east-pool' } });
    expect(onChange).toHaveBeenLastCalledWith('pool', { poolId: 'east-pool' });
  });

  it('offers teams for a round robin and keeps fields it did not touch', async () => {
    await i18next.changeLanguage('zh');
    const onChange = vi.fn();
    const { container } = render(<Inspector node={rr} problems={[]} values={values} onChange={onChange} />);
    expect(screen.getByRole('heading', { name: '轮流分配' })).toBeTruthy();
    expect(screen.getAllByText('团队').length).toBeGreaterThan(0);
    const team = container.querySelector<HTMLInputElement>('#root_teams_0')!;
    expect(team.getAttribute('list')).toBe('root_teams_0-values');
    fireEvent.change(team, { target: { value: 'sdr' } });
    const last = onChange.mock.calls.at(-1)!;
    expect(last[0]).toBe('rr');
    expect(last[1]).toMatchObject({ teams: ['sdr'], coolingDays: 7 });
  });

  it('shows a compile error at its field', async () => {
    await i18next.changeLanguage('en');
    const bad = { ...toPool, data: {} };
    const doc = {
      key: 'k',
      kind: 'routing',
      name: 'n',
      nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } }, bad],
      edges: [{ id: 'e', source: 'start', target: 'pool' }],
    };
    const v = validate(doc);
    const mine = v.problems.filter((p) => p.nodeId === 'pool');
    expect(mine.map((p) => [p.code, p.field])).toEqual([['invalidConfig', 'poolId']]);
    const { container } = render(<Inspector node={bad} problems={v.problems} values={values} onChange={() => {}} />);
    expect(container.textContent).toContain(mine[0]!.message.en);
  });
});
