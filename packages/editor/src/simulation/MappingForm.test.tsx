import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import enMapping from '../../../../examples/exports/en-crm.mapping.json';
import zhMapping from '../../../../examples/exports/zh-crm.mapping.json';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import preview from './fixtures/preview.json';
import { MappingForm } from './MappingForm.js';
import { fromMapping, toMapping } from './mappingForm.js';
import { PreviewPanel } from './PreviewPanel.js';
import type { Mapping, Preview } from './types.js';

const en = enMapping as Mapping;
const zh = zhMapping as Mapping;

beforeEach(() => setTenantZone('America/New_York'));
afterEach(cleanup);

describe('mapping form state', () => {
  it.each([
    ['the English example', en],
    ['the Chinese example', zh],
  ])('gives back %s unchanged when nothing was edited', (_, mapping) => {
    expect(toMapping(fromMapping(mapping))).toEqual(mapping);
  });
});

describe('MappingForm: the decimal mark', () => {
  it('is offered in both languages and written to the mapping once chosen', () => {
    setLanguage('zh');
    const onChange = vi.fn();
    render(<MappingForm initial={zh} onChange={onChange} />);
    const select = screen.getByLabelText('小数点（如 1.234 这类数字）') as HTMLSelectElement;
    expect(select.value).toBe('auto');
    expect([...select.options].map((o) => o.value)).toEqual(['auto', '.', ',']);
    fireEvent.change(select, { target: { value: ',' } });
    expect(onChange.mock.lastCall![0].leads.decimalMark).toBe(',');
    setLanguage('en');
  });
});

describe('MappingForm', () => {
  it('shows the guessed columns under English labels and reports edits as mapping JSON', () => {
    setLanguage('en');
    const onChange = vi.fn();
    render(<MappingForm initial={en} onChange={onChange} />);
    expect((screen.getByLabelText('Lead id (required)') as HTMLInputElement).value).toBe('Lead ID');
    expect((screen.getByLabelText('Created time (required)') as HTMLInputElement).value).toBe('Created Date');
    expect((screen.getByLabelText('Date order (for dates like 03/04/2026)') as HTMLSelectElement).value).toBe('mdy');
    expect((screen.getByLabelText('Type employees') as HTMLSelectElement).value).toBe('number');

    fireEvent.change(screen.getByLabelText('won'), { target: { value: 'Closed Won, Won' } });
    expect(onChange.mock.lastCall![0].leads.outcomeValues).toEqual({ won: ['Closed Won', 'Won'], lost: ['Closed Lost'], open: ['Working'] });

    fireEvent.change(screen.getByLabelText('Type employees'), { target: { value: 'string' } });
    expect(onChange.mock.lastCall![0].leads.attributes.employees).toBe('Employees');

    fireEvent.change(screen.getByLabelText('Owner rep'), { target: { value: '' } });
    expect(onChange.mock.lastCall![0].leads.columns).toEqual({
      id: 'Lead ID',
      createdAt: 'Created Date',
      team: 'Team',
      outcome: 'Status',
      closedAt: 'Close Date',
      amount: 'Amount',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Remove grade' }));
    expect(Object.keys(onChange.mock.lastCall![0].leads.attributes)).toEqual(['company', 'region', 'industry', 'source', 'employees', 'segment']);
  });

  it('adds an attribute with a type', () => {
    setLanguage('en');
    const onSave = vi.fn();
    render(<MappingForm initial={en} onSave={onSave} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add attribute' }));
    fireEvent.change(screen.getByLabelText('Key 8'), { target: { value: 'budget' } });
    fireEvent.change(screen.getByLabelText('Column budget'), { target: { value: 'Budget' } });
    fireEvent.change(screen.getByLabelText('Type budget'), { target: { value: 'number' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save mapping and preview' }));
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave.mock.lastCall![0].leads.attributes.budget).toEqual({ column: 'Budget', type: 'number' });
  });

  it('shows the stage-change and roster columns only when the dataset has those files, and edits them', () => {
    setLanguage('en');
    const withFiles: Mapping = {
      ...en,
      stages: { encoding: 'utf-8', columns: { leadId: 'Lead', at: 'When', stage: 'Stage' } },
      roster: { delimiter: ';', columns: { id: 'Rep ID', team: 'Team', roles: 'Roles', cap: 'Cap' } },
    };
    // Unedited, the sections come back as they were (their file options too).
    expect(toMapping(fromMapping(withFiles))).toEqual(withFiles);
    const onChange = vi.fn();
    const { unmount } = render(<MappingForm initial={withFiles} onChange={onChange} />);
    const roster = within(screen.getByRole('group', { name: 'Roster columns' }));
    expect((roster.getByLabelText('Rep id (required)') as HTMLInputElement).value).toBe('Rep ID');
    expect((roster.getByLabelText('Rep id (required)') as HTMLInputElement).required).toBe(true);
    expect((roster.getByLabelText('Most open leads') as HTMLInputElement).value).toBe('Cap');
    expect((roster.getByLabelText('Active (yes/no)') as HTMLInputElement).value).toBe('');
    fireEvent.change(roster.getByLabelText('Active (yes/no)'), { target: { value: 'Status' } });
    fireEvent.change(roster.getByLabelText('Roles (SDR, AE …)'), { target: { value: '' } });
    expect(onChange.mock.lastCall![0].roster).toEqual({ delimiter: ';', columns: { id: 'Rep ID', team: 'Team', cap: 'Cap', active: 'Status' } });
    const stages = within(screen.getByRole('group', { name: 'Stage change columns' }));
    fireEvent.change(stages.getByLabelText('New stage (required)'), { target: { value: 'To stage' } });
    expect(onChange.mock.lastCall![0].stages).toEqual({ encoding: 'utf-8', columns: { leadId: 'Lead', at: 'When', stage: 'To stage' } });
    // The roster's column names are offered as suggestions for every column field.
    const offered = [...document.querySelectorAll('datalist option')].map((o) => o.getAttribute('value'));
    expect(offered).toEqual(expect.arrayContaining(['Rep ID', 'Roles', 'Stage', 'When']));
    unmount();
    // Without those files, no such sections.
    render(<MappingForm initial={en} />);
    expect(screen.queryByRole('group', { name: 'Roster columns' })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Stage change columns' })).toBeNull();
  });

  it('labels every field in Chinese', () => {
    setLanguage('zh');
    render(<MappingForm initial={zh} />);
    expect((screen.getByLabelText('线索编号（必填）') as HTMLInputElement).value).toBe('线索编号');
    expect((screen.getByLabelText('负责人') as HTMLInputElement).value).toBe('负责人');
    expect((screen.getByLabelText('编码') as HTMLSelectElement).value).toBe('gb18030');
    expect((screen.getByLabelText('赢单') as HTMLInputElement).value).toBe('赢单');
    expect(screen.getByRole('button', { name: '保存映射并预览' })).toBeInstanceOf(HTMLElement);
    expect(screen.queryByText('Lead columns')).toBeNull();
  });

  it('a viewer reads the mapping but cannot change or save it', () => {
    setLanguage('en');
    render(<MappingForm initial={en} readOnly />);
    // A disabled fieldset disables every control in it (happy-dom does not reflect that on the inputs).
    const fieldsets = [...document.querySelectorAll('form[data-form="mapping"] fieldset')] as HTMLFieldSetElement[];
    expect(fieldsets.length).toBe(5);
    expect(fieldsets.every((f) => f.disabled)).toBe(true);
    expect(screen.getByLabelText('Lead id (required)').closest('fieldset')).toBe(fieldsets[1]);
    expect(screen.queryByRole('button', { name: 'Save mapping and preview' })).toBeNull();
  });
});

describe('PreviewPanel', () => {
  // The fixture is the simulator's own import of a messy CSV (5 good rows, 3 bad ones).
  const p = preview as Preview;

  it('shows the summary, the parsed rows and each rejected row with its row, column and reason in English', () => {
    setLanguage('en');
    render(<PreviewPanel preview={p} />);
    const summary = screen.getByRole('table', { name: 'Summary' });
    const row = within(summary).getByRole('row', { name: /leads/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['8', '5', '3', expect.stringContaining('1 × the lead id is empty'), 'utf-8 · ,']);
    const parsed = screen.getByRole('table', { name: 'Parsed leads (first 5)' });
    expect(within(parsed).getAllByRole('row')).toHaveLength(6);
    expect(within(parsed).getByText('L-000001')).toBeInstanceOf(HTMLElement);
    const rejects = screen.getByRole('table', { name: 'Rejected rows (3)' });
    const cells = within(rejects)
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(cells[0]).toEqual(['leads', '7', 'Lead ID', 'the lead id is empty']);
    expect(cells[1]).toEqual(['leads', '8', 'Created Date', '"31/31/2026" has no day 31 in month 31 of 2026']);
    expect(cells[2]![1]).toBe('9');
  });

  it('says the same in Chinese', () => {
    setLanguage('zh');
    render(<PreviewPanel preview={p} />);
    const rejects = screen.getByRole('table', { name: '被拒绝的行（3）' });
    const first = within(rejects).getAllByRole('row')[1]!;
    expect(
      within(first)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['线索', '7', 'Lead ID', '线索编号为空']);
    expect(screen.getByRole('table', { name: '汇总' }).textContent).toContain('1 × 线索编号为空');
    expect(screen.getByText(/未提供销售名单/)).toBeInstanceOf(HTMLElement);
    expect(screen.queryByText('the lead id is empty')).toBeNull();
  });
});
