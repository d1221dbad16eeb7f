import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import enMapping from '../../../../examples/exports/en-crm.mapping.json';
import zhMapping from '../../../../examples/exports/zh-crm.mapping.json';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import preview from './fixtures/preview.json';
import { MappingForm } from './MappingForm.js';
import { columnProblems, fromMapping, headerOptionsOf, toMapping } from './mappingForm.js';
import { PreviewPanel } from './PreviewPanel.js';
import type { FileColumns, Mapping, Preview } from './types.js';

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

/** The English export's header lines, as POST /v1/datasets/{id}/columns reads them. */
const EN_LEADS = [
  'Lead ID',
  'Company',
  'Created Date',
  'Owner',
  'Team',
  'Status',
  'Close Date',
  'Amount',
  'Source',
  'Industry',
  'Region',
  'Employees',
  'Grade',
  'Segment',
];
const EN_ACTIVITIES = ['Lead ID', 'Assigned To', 'Activity Date', 'Type'];
const EN_FILES: FileColumns = { leads: EN_LEADS, activities: EN_ACTIVITIES };
const ZH_LEADS = ['线索编号', '创建时间', '负责人', '所属部门', '状态', '成交时间', '成交金额', '来源', '行业', '区域', '等级', '客户类型'];
const options = (select: HTMLElement) => [...(select as HTMLSelectElement).options].map((o) => [o.value, o.text]);

describe('MappingForm: the column fields choose among the file’s columns', () => {
  it('offers each file’s own columns (and “not mapped”), and a chosen or cleared one goes into the mapping', () => {
    setLanguage('en');
    const onChange = vi.fn();
    render(<MappingForm initial={en} columns={EN_FILES} onChange={onChange} />);
    const owner = screen.getByLabelText('Owner rep') as HTMLSelectElement;
    expect(owner.tagName).toBe('SELECT');
    expect(owner.value).toBe('Owner');
    expect(options(owner)).toEqual([['', '(not mapped)'], ...EN_LEADS.map((c) => [c, c])]);
    // The activities' fields offer the activities file's columns, not the leads'.
    const rep = within(screen.getByRole('group', { name: 'Activity columns' })).getByLabelText('Rep') as HTMLSelectElement;
    expect(options(rep).map(([v]) => v)).toEqual(['', ...EN_ACTIVITIES]);
    expect(rep.value).toBe('Assigned To');
    // Attribute columns too.
    expect((screen.getByLabelText('Column employees') as HTMLSelectElement).value).toBe('Employees');

    fireEvent.change(owner, { target: { value: 'Company' } });
    expect(onChange.mock.lastCall![0].leads.columns.owner).toBe('Company');
    fireEvent.change(owner, { target: { value: '' } });
    expect(onChange.mock.lastCall![0].leads.columns).not.toHaveProperty('owner');
    expect(screen.queryByTestId('mapping-column-problems')).toBeNull();
    expect((screen.getByRole('button', { name: 'Save mapping and preview' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('marks a column the file lacks at its field, with the columns there are, and saves only once it is fixed', () => {
    setLanguage('en');
    const typo: Mapping = {
      ...en,
      leads: { ...en.leads, columns: { ...en.leads.columns, owner: 'Owner Name' }, attributes: { ...en.leads.attributes, region: 'Regoin' } },
    };
    const onSave = vi.fn();
    render(<MappingForm initial={typo} columns={EN_FILES} onSave={onSave} />);
    const owner = screen.getByLabelText('Owner rep') as HTMLSelectElement;
    // The value stays shown as it is, said to be missing, and the field says what the file has.
    expect(owner.value).toBe('Owner Name');
    expect(options(owner)[1]).toEqual(['Owner Name', 'Owner Name (not in this file)']);
    expect(owner.getAttribute('aria-invalid')).toBe('true');
    const problem = document.getElementById(owner.getAttribute('aria-describedby')!)!;
    expect(problem.textContent).toBe(`No column named “Owner Name” in the leads file; its columns are: ${EN_LEADS.join(', ')}`);
    const region = screen.getByLabelText('Column region') as HTMLSelectElement;
    expect(document.getElementById(region.getAttribute('aria-describedby')!)!.textContent).toMatch(/^No column named “Regoin” in the leads file/);
    // Fields that are right are not marked.
    expect(screen.getByLabelText('Team').getAttribute('aria-invalid')).toBeNull();

    const save = screen.getByRole('button', { name: 'Save mapping and preview' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    expect(screen.getByTestId('mapping-column-problems').textContent).toBe(
      '2 fields name columns this file does not have (marked above): choose one of its columns, or clear them, to save and run.',
    );
    fireEvent.submit(save.closest('form')!);
    expect(onSave).not.toHaveBeenCalled();

    fireEvent.change(owner, { target: { value: 'Owner' } });
    fireEvent.change(region, { target: { value: 'Region' } });
    expect(owner.getAttribute('aria-invalid')).toBeNull();
    expect(document.querySelectorAll('[data-column-problem]')).toHaveLength(0);
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    expect(onSave.mock.lastCall![0].leads.columns.owner).toBe('Owner');
    expect(onSave.mock.lastCall![0].leads.attributes.region).toBe('Region');
  });

  it('says it in Chinese, with the Chinese export’s columns', () => {
    setLanguage('zh');
    const typo: Mapping = { ...zh, leads: { ...zh.leads, columns: { ...zh.leads.columns, owner: '负责人姓名' } } };
    render(<MappingForm initial={typo} columns={{ leads: ZH_LEADS }} />);
    const owner = screen.getByLabelText('负责人') as HTMLSelectElement;
    expect(options(owner).slice(0, 2)).toEqual([
      ['', '（不映射）'],
      ['负责人姓名', '负责人姓名（文件中没有此列）'],
    ]);
    expect(document.querySelector('[data-column-problem="column.owner"]')!.textContent).toBe(
      `线索文件中没有名为“负责人姓名”的列；现有列：${ZH_LEADS.join('、')}`,
    );
    expect(screen.getByTestId('mapping-column-problems').textContent).toBe(
      '有 1 个字段所选的列在文件中不存在（见上方标注）：请改选文件中的列或清空，才能保存并运行。',
    );
    expect((screen.getByRole('button', { name: '保存映射并预览' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('stays free text where the file’s columns are not known (JSON Lines, not read yet)', () => {
    setLanguage('en');
    render(<MappingForm initial={en} columns={{ leads: EN_LEADS, activities: null }} />);
    expect(screen.getByLabelText('Owner rep').tagName).toBe('SELECT');
    const rep = within(screen.getByRole('group', { name: 'Activity columns' })).getByLabelText('Rep') as HTMLInputElement;
    expect(rep.tagName).toBe('INPUT');
    expect(rep.value).toBe('Assigned To');
  });
});

describe('mapping form: columns checked against the files', () => {
  it('lists every column field naming a column its file lacks, by field, and none for unknown files', () => {
    const withRoster: Mapping = { ...en, roster: { columns: { id: 'Rep', team: 'Dept' } } };
    const state = fromMapping(withRoster);
    expect(columnProblems(state, { leads: EN_LEADS, activities: EN_ACTIVITIES, roster: ['Rep', 'Team'] })).toEqual([
      { file: 'roster', field: 'roster.team', column: 'Dept', columns: ['Rep', 'Team'] },
    ]);
    expect(columnProblems(state, { leads: ['Lead ID', 'Created Date'] }).map((p) => p.field)).toEqual([
      'column.owner',
      'column.team',
      'column.outcome',
      'column.closedAt',
      'column.amount',
      'attribute.0',
      'attribute.1',
      'attribute.2',
      'attribute.3',
      'attribute.4',
      'attribute.5',
      'attribute.6',
    ]);
    expect(columnProblems(state, undefined)).toEqual([]);
    expect(columnProblems(state, { leads: null })).toEqual([]);
  });

  it('reads the files’ header options from the mapping being edited', () => {
    expect(headerOptionsOf({ ...en, roster: { delimiter: ';', columns: { id: 'Rep' } } })).toEqual({
      leads: { encoding: 'auto', delimiter: 'auto' },
      activities: { encoding: 'auto', delimiter: 'auto' },
      roster: { delimiter: ';' },
    });
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
