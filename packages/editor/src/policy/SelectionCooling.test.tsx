import { defaultRegistry } from '@sluice/engine';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18next } from '../i18n/index';
import { Inspector } from './Inspector';
import { EMPTY_VALUES } from './tenantValues';

// An assignment node's cooling after a rep lost the lead: `coolingDays` (whole days) and `cooling`
// (any unit) say the same thing, so the inspector shows one control for it on every kind that has both.

afterEach(cleanup);

/** Every node kind whose config takes both fields (the shared candidate selection). */
const KINDS = defaultRegistry
  .list()
  .filter((spec) => {
    const shape = (spec.schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
    return 'coolingDays' in shape && 'cooling' in shape;
  })
  .map((spec) => spec.kind);

function Live({ kind, data, onChange }: { kind: string; data: Record<string, unknown>; onChange: (d: Record<string, unknown>) => void }) {
  const [config, setConfig] = useState(data);
  return (
    <Inspector
      node={{ id: 'route', type: kind, position: { x: 0, y: 0 }, data: config }}
      problems={[]}
      values={EMPTY_VALUES}
      onChange={(_id, d) => {
        onChange(d as Record<string, unknown>);
        setConfig(d as Record<string, unknown>);
      }}
    />
  );
}

function open(kind: string, data: Record<string, unknown>) {
  const onChange = vi.fn();
  const r = render(<Live kind={kind} data={data} onChange={onChange} />);
  const amount = () => r.container.querySelector<HTMLInputElement>('#root_cooling')!;
  const unit = () => r.container.querySelector<HTMLSelectElement>('#root_cooling__unit')!;
  const last = () => onChange.mock.calls.at(-1)![0] as Record<string, unknown>;
  return { ...r, amount, unit, last };
}

/** The config is valid for the kind, and its own check finds nothing wrong with it. */
function valid(kind: string, data: unknown) {
  const spec = defaultRegistry.get(kind)!;
  const parsed = spec.schema.safeParse(data);
  expect(parsed.success, JSON.stringify(data)).toBe(true);
  expect(spec.check?.(parsed.data) ?? []).toEqual([]);
}

describe('the cooling of an assignment node in the inspector', () => {
  it('is one control on every kind with a shared candidate selection', async () => {
    expect(KINDS).toEqual(expect.arrayContaining(['assign.roundRobin', 'assign.weightedRoundRobin', 'assign.capacity', 'assign.leastLoaded']));
    await i18next.changeLanguage('en');
    for (const kind of KINDS) {
      const f = open(kind, { coolingDays: 3 });
      expect(f.container.querySelector('#root_coolingDays'), kind).toBeNull();
      expect([f.amount().value, f.unit().value], kind).toEqual(['3', 'days']);
      const help = f.container.querySelector('#root_cooling__description')?.textContent ?? '';
      expect(help, kind).not.toMatch(/[{}]|"value"|"unit"|workingDays|coolingDays/);
      cleanup();
    }
    await i18next.changeLanguage('zh');
    const zh = open('assign.roundRobin', {});
    expect(screen.getByLabelText('失去线索后的冷却期')).toBe(zh.amount());
    expect(zh.amount().value).toBe('');
  });

  it('writes whole days to coolingDays, other units to cooling, never both; empty turns it off', async () => {
    await i18next.changeLanguage('en');
    const kind = 'assign.roundRobin';
    const f = open(kind, { teams: ['east'] });
    fireEvent.change(f.amount(), { target: { value: '2' } });
    expect(f.last()).toMatchObject({ teams: ['east'], coolingDays: 2 });
    expect(f.last()).not.toHaveProperty('cooling');
    valid(kind, f.last());
    fireEvent.change(f.unit(), { target: { value: 'workingDays' } });
    expect(f.last()).toMatchObject({ teams: ['east'], cooling: { value: 2, unit: 'workingDays' } });
    expect(f.last()).not.toHaveProperty('coolingDays');
    valid(kind, f.last());
    fireEvent.change(f.amount(), { target: { value: '' } });
    expect(f.last()).not.toHaveProperty('cooling');
    expect(f.last()).not.toHaveProperty('coolingDays');
    valid(kind, f.last());
    cleanup();

    // A document that gave both (the engine refuses it) is put right by the first edit: one field is kept.
    const g = open(kind, { coolingDays: 1, cooling: { value: 12, unit: 'hours' } });
    expect([g.amount().value, g.unit().value]).toEqual(['12', 'hours']);
    fireEvent.change(g.amount(), { target: { value: '6' } });
    expect(g.last()).toMatchObject({ cooling: { value: 6, unit: 'hours' } });
    expect(g.last()).not.toHaveProperty('coolingDays');
    valid(kind, g.last());
  });
});
