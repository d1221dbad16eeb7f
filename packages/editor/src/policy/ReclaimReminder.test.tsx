import { defaultRegistry } from '@sluice/engine';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18next } from '../i18n/index';
import { Inspector } from './Inspector';
import { EMPTY_VALUES } from './tenantValues';
import type { Problem } from './validation';

// The reclaim node's reminder: `remindDaysBefore` (whole days) and `remindBefore` (any unit) say the
// same thing, so the inspector shows one control for it, and every help text speaks in words.

afterEach(cleanup);

const node = (data: Record<string, unknown>) => ({ id: 'reclaim', type: 'reclaim.rule', position: { x: 0, y: 0 }, data });
const base = { days: { noFollowUp: 7 }, poolId: 'public' };
const spec = defaultRegistry.get('reclaim.rule')!;
/** The config is a valid reclaim config, and the node's own check finds nothing wrong with it. */
const valid = (data: unknown) => {
  const parsed = spec.schema.safeParse(data);
  expect(parsed.success, JSON.stringify(data)).toBe(true);
  expect(spec.check!(parsed.data)).toEqual([]);
};

/** The inspector as the editor holds it: each edit becomes the node's config, and the form is drawn from it again. */
function Live({ data, onChange }: { data: Record<string, unknown>; onChange: (id: string, d: unknown) => void }) {
  const [config, setConfig] = useState(data);
  return (
    <Inspector
      node={node(config)}
      problems={[]}
      values={EMPTY_VALUES}
      onChange={(id, d) => {
        onChange(id, d);
        setConfig(d as Record<string, unknown>);
      }}
    />
  );
}

function open(data: Record<string, unknown>) {
  const onChange = vi.fn();
  const r = render(<Live data={data} onChange={onChange} />);
  const amount = () => r.container.querySelector<HTMLInputElement>('#root_remindBefore')!;
  const unit = () => r.container.querySelector<HTMLSelectElement>('#root_remindBefore__unit')!;
  const last = () => onChange.mock.calls.at(-1)![1] as Record<string, unknown>;
  return { ...r, onChange, amount, unit, last };
}

describe('the reclaim reminder in the inspector', () => {
  it('is one control with a label that says what it does, in English and Chinese', async () => {
    await i18next.changeLanguage('en');
    const en = open({ ...base, remindDaysBefore: 2 });
    expect(en.container.querySelector('#root_remindDaysBefore')).toBeNull();
    expect(en.container.querySelectorAll('[id^="root_remind"]:is(input, select)')).toHaveLength(2);
    expect(screen.getByLabelText('Remind the owner before the reclaim')).toBe(en.amount());
    expect([en.amount().value, en.unit().value]).toEqual(['2', 'days']);
    expect([...en.unit().options].map((o) => o.text)).toEqual(['minutes', 'hours', 'calendar days', 'working days (skip weekends and holidays)']);
    expect(en.container.querySelector('#root_remindBefore__description')!.textContent).toContain('e.g. 2 calendar days before a 7-day rule');
    cleanup();

    await i18next.changeLanguage('zh');
    const zh = open({ ...base, remindDaysBefore: 2 });
    expect(screen.getByLabelText('回收前提前提醒负责人')).toBe(zh.amount());
    expect([...zh.unit().options].map((o) => o.text)).toEqual(['分钟', '小时', '自然日', '工作日（跳过周末和节假日）']);
    expect(zh.container.querySelector('#root_remindBefore__description')!.textContent).toContain('例如 7 天规则提前 2 个自然日');
  });

  it('explains every field in words with examples, never as JSON, and picks no shapes', async () => {
    for (const lang of ['en', 'zh'] as const) {
      await i18next.changeLanguage(lang);
      const { container } = open({ ...base, days: { noFollowUp: 7, noDeal: { value: 5, unit: 'workingDays' } }, remindDaysBefore: 2 });
      const help = [...container.querySelectorAll('.field-description, .help')].map((p) => p.textContent ?? '');
      expect(help.length).toBeGreaterThan(4);
      for (const text of help) expect(text).not.toMatch(/[{}]|"value"|"unit"|workingDays/);
      // No "number of days / amount and unit" picker: each duration is an amount and a unit in words.
      expect(container.querySelectorAll('select[id$="__anyof_select"]')).toHaveLength(0);
      expect(container.querySelector<HTMLSelectElement>('#root_days_noDeal__unit')!.value).toBe('workingDays');
      expect(container.querySelector<HTMLInputElement>('#root_days_noDeal')!.value).toBe('5');
      cleanup();
    }
  });

  it('writes whole days to the field the document uses, other units to remindBefore, never both; empty turns it off', async () => {
    await i18next.changeLanguage('en');
    const f = open({ ...base, remindDaysBefore: 2 });
    fireEvent.change(f.amount(), { target: { value: '3' } });
    expect(f.last()).toEqual({ ...base, remindDaysBefore: 3 });
    valid(f.last());
    fireEvent.change(f.unit(), { target: { value: 'hours' } });
    expect(f.last()).toEqual({ ...base, remindBefore: { value: 3, unit: 'hours' } });
    valid(f.last());
    cleanup();

    const g = open({ ...base, remindBefore: { value: 4, unit: 'hours' } });
    expect([g.amount().value, g.unit().value]).toEqual(['4', 'hours']);
    // An edit elsewhere keeps the reminder as the document has it.
    fireEvent.change(g.container.querySelector('#root_poolId')!, { target: { value: 'east' } });
    expect(g.last()).toEqual({ ...base, poolId: 'east', remindBefore: { value: 4, unit: 'hours' } });
    fireEvent.change(g.unit(), { target: { value: 'days' } });
    expect(g.last()).toEqual({ ...base, poolId: 'east', remindBefore: 4 });
    valid({ ...base, remindBefore: 1 });
    fireEvent.change(g.amount(), { target: { value: '' } });
    expect(g.last()).toEqual({ ...base, poolId: 'east' });
    valid(g.last());
    cleanup();

    // A document that gave both (the engine reports it) is put right by the first edit: one field is kept.
    const h = open({ ...base, remindDaysBefore: 1, remindBefore: { value: 6, unit: 'hours' } });
    expect([h.amount().value, h.unit().value]).toEqual(['6', 'hours']);
    fireEvent.change(h.amount(), { target: { value: '5' } });
    expect(h.last()).toEqual({ ...base, remindBefore: { value: 5, unit: 'hours' } });
    valid(h.last());
  });

  it('shows a problem found at remindDaysBefore at the one reminder control', async () => {
    await i18next.changeLanguage('en');
    const problem: Problem = {
      code: 'invalidConfig',
      severity: 'error',
      nodeId: 'reclaim',
      field: 'remindDaysBefore',
      message: { en: 'the reminder (7 days before) must come after the clock starts', zh: '提前提醒天数必须小于最短期限' },
    } as Problem;
    const { container } = render(<Inspector node={node({ ...base, remindDaysBefore: 7 })} problems={[problem]} values={EMPTY_VALUES} onChange={() => {}} />);
    const field = container.querySelector('#root_remindBefore')!.closest('.form-group')!;
    expect(field.textContent).toContain('the reminder (7 days before) must come after the clock starts');
  });
});
