import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18next } from '../i18n/index';
import { Inspector } from './Inspector';
import { EMPTY_VALUES } from './tenantValues';

afterEach(cleanup);

const values = { ...EMPTY_VALUES, teams: ['ae', 'sdr'] };
const rr = { id: 'rr', type: 'assign.roundRobin', position: { x: 0, y: 0 }, data: { teams: ['ae', 'sdr'] } };
const cond = {
  id: 'big',
  type: 'condition',
  position: { x: 0, y: 0 },
  data: {
    condition: {
      all: [
        { fact: 'lead.employees', operator: 'greaterThan', value: 500 },
        { fact: 'lead.region', operator: 'equal', value: 'east' },
      ],
    },
  },
};

describe('Inspector list fields', () => {
  it('labels add / remove / move buttons in English, and they edit the list', async () => {
    await i18next.changeLanguage('en');
    const onChange = vi.fn();
    const { container } = render(<Inspector node={rr} problems={[]} values={values} onChange={onChange} />);
    const teams = within(container.querySelector<HTMLElement>('#root_teams')!);
    expect(teams.getAllByRole('button', { name: 'Remove' })).toHaveLength(2);
    expect(teams.getAllByRole('button', { name: 'Move up' })).toHaveLength(2);
    expect(teams.getAllByRole('button', { name: 'Move down' })).toHaveLength(2);
    // The first item cannot go up, the last cannot go down.
    expect((teams.getAllByRole('button', { name: 'Move up' })[0] as HTMLButtonElement).disabled).toBe(true);
    expect((teams.getAllByRole('button', { name: 'Move down' })[1] as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(teams.getAllByRole('button', { name: 'Move down' })[0]!);
    expect(onChange.mock.calls.at(-1)![1]).toMatchObject({ teams: ['sdr', 'ae'] });
    fireEvent.click(teams.getAllByRole('button', { name: 'Remove' })[0]!);
    expect(onChange.mock.calls.at(-1)![1]).toMatchObject({ teams: ['ae'] });
    fireEvent.click(teams.getByRole('button', { name: 'Add' }));
    expect(container.querySelectorAll('#root_teams .array-item')).toHaveLength(2);
  });

  it('labels the same buttons in Chinese', async () => {
    await i18next.changeLanguage('zh');
    const { container } = render(<Inspector node={rr} problems={[]} values={values} onChange={() => {}} />);
    const teams = within(container.querySelector<HTMLElement>('#root_teams')!);
    expect(teams.getAllByRole('button', { name: '删除' })).toHaveLength(2);
    expect(teams.getAllByRole('button', { name: '上移' })).toHaveLength(2);
    expect(teams.getAllByRole('button', { name: '下移' })).toHaveLength(2);
    expect(teams.getByRole('button', { name: '添加' })).toBeTruthy();
  });

  it('gives list items of plain values no "Teams-1" title', async () => {
    await i18next.changeLanguage('en');
    const { container } = render(<Inspector node={rr} problems={[]} values={values} onChange={() => {}} />);
    expect(container.textContent).not.toMatch(/Teams-\d/);
    expect(container.querySelector('label[for="root_teams_0"]')).toBeNull();
    expect(container.querySelectorAll('#root_teams .array-item-number')).toHaveLength(0);
  });
});

describe('Inspector condition field', () => {
  it('shows the condition as a sentence and one JSON box, with no shape picker', async () => {
    await i18next.changeLanguage('en');
    const { container } = render(<Inspector node={cond} problems={[]} values={values} onChange={() => {}} />);
    expect(screen.getByTestId('condition-sentence').textContent).toBe('Reads as: lead.employees > 500 and lead.region = "east"');
    expect(container.querySelectorAll('textarea')).toHaveLength(1);
    expect(container.querySelector('select')).toBeNull();
    expect(container.textContent).not.toMatch(/option \d/i);
    expect(JSON.parse(container.querySelector('textarea')!.value)).toEqual(cond.data.condition);
    expect(container.textContent).toContain('the JSON tab edits the whole policy');
  });

  it('reads the sentence in Chinese', async () => {
    await i18next.changeLanguage('zh');
    render(<Inspector node={cond} problems={[]} values={values} onChange={() => {}} />);
    expect(screen.getByTestId('condition-sentence').textContent).toBe('读作： lead.employees > 500 且 lead.region = "east"');
  });

  it('applies JSON that parses and, on leaving the box, names each schema error by path', async () => {
    await i18next.changeLanguage('en');
    const onChange = vi.fn();
    const { container } = render(<Inspector node={cond} problems={[]} values={values} onChange={onChange} />);
    const box = container.querySelector('textarea')!;
    fireEvent.change(box, { target: { value: '{"all":[{"fact":"lead.size","operator":"bigger","value":1}]}' } });
    expect(onChange.mock.calls.at(-1)).toEqual(['big', { condition: { all: [{ fact: 'lead.size', operator: 'bigger', value: 1 }] } }]);
    fireEvent.blur(box);
    const errors = screen.getByTestId('condition-errors');
    expect(errors.querySelector('li code')?.textContent).toBe('condition.all[0].operator');
    expect(errors.textContent).toContain('must be one of');
    expect(errors.textContent).toContain('"greaterThan"');
  });

  it('says what is wrong in Chinese too, and keeps the last value while the JSON does not parse', async () => {
    await i18next.changeLanguage('zh');
    const onChange = vi.fn();
    const { container } = render(<Inspector node={cond} problems={[]} values={values} onChange={onChange} />);
    const box = container.querySelector('textarea')!;
    fireEvent.change(box, { target: { value: '{"fact": 3, "operator": "equal", "value": 1}' } });
    fireEvent.blur(box);
    const errors = screen.getByTestId('condition-errors');
    expect(errors.querySelector('li code')?.textContent).toBe('condition.fact');
    expect(errors.textContent).toContain('必须是文本');
    onChange.mockClear();
    fireEvent.change(box, { target: { value: '{"fact": ' } });
    expect(onChange).not.toHaveBeenCalled();
    expect(container.textContent).toContain('还不是有效的 JSON');
  });

  it('says the condition is fine when it matches the schema', async () => {
    await i18next.changeLanguage('en');
    const { container } = render(<Inspector node={cond} problems={[]} values={values} onChange={() => {}} />);
    fireEvent.blur(container.querySelector('textarea')!);
    expect(screen.queryByTestId('condition-errors')).toBeNull();
    expect(container.textContent).toContain('The condition matches the node’s settings.');
  });
});
