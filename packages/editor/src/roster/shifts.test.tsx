import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import { readShifts } from './cells.js';
import { daysLabel } from './days.js';
import { EntityTab } from './EntityTab.js';

const REPS = [
  { id: 'ae-1', name: '王芳', shifts: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }] },
  { id: 'ae-2', name: 'Li Lei', shifts: [{ days: [1, 3], start: '08:30', end: '17:30' }] },
  {
    id: 'ae-3',
    name: 'Zhao',
    shifts: [
      { days: [6, 7], start: '10:00', end: '14:00' },
      { days: [1, 2, 3, 5], start: '09:00', end: '12:00' },
    ],
  },
];

let saved: unknown[] = [];

beforeEach(() => {
  setTenantZone('Asia/Shanghai');
  saved = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init?: RequestInit) => {
      if (init?.method === 'PUT') {
        saved.push(JSON.parse(String(init.body)));
        return new Response(String(init.body), { status: 200, headers: { 'content-type': 'application/json' } });
      }
      if (path.startsWith('/v1/reps')) return new Response(JSON.stringify({ items: REPS, next: null }), { status: 200 });
      return new Response('{}', { status: 404 });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function shiftCells(): Promise<string[]> {
  render(
    <MemoryRouter>
      <EntityTab entity="reps" canEdit />
    </MemoryRouter>,
  );
  await screen.findByText('ae-3');
  const table = screen.getByRole('table');
  const col = within(table)
    .getAllByRole('columnheader')
    .findIndex((h) => h.textContent === (document.documentElement.lang === 'zh-CN' ? '班次' : 'Shifts'));
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[col]!.textContent ?? '');
}

describe('rep shifts name their days in the chosen language', () => {
  it('in Chinese: 周一至周五, 周一、周三, 周末', async () => {
    setLanguage('zh');
    expect(await shiftCells()).toEqual(['周一至周五 09:00-18:00', '周一、周三 08:30-17:30', '周末 10:00-14:00；周一至周三、周五 09:00-12:00']);
  });

  it('in English: Mon–Fri, Mon, Wed, weekends', async () => {
    setLanguage('en');
    expect(await shiftCells()).toEqual(['Mon–Fri 09:00-18:00', 'Mon, Wed 08:30-17:30', 'weekends 10:00-14:00; Mon–Wed, Fri 09:00-12:00']);
  });

  it.each(['zh', 'en'] as const)('the edit form shows them the same way and saves the same days back (%s)', async (lang) => {
    setLanguage(lang);
    await shiftCells();
    fireEvent.click(screen.getByRole('button', { name: lang === 'zh' ? '编辑 ae-3' : 'Edit ae-3' }));
    const field = (await screen.findByDisplayValue(/10:00-14:00/)) as HTMLInputElement;
    expect(field.value).toBe(lang === 'zh' ? '周末 10:00-14:00；周一至周三、周五 09:00-12:00' : 'weekends 10:00-14:00; Mon–Wed, Fri 09:00-12:00');
    fireEvent.submit(field.closest('form')!);
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    expect((saved[0] as { shifts: unknown }).shifts).toEqual(REPS[2]!.shifts);
  });
});

describe('days and the paste read each other', () => {
  it('reads back every label it writes, in both languages', () => {
    const sets = [[1, 2, 3, 4, 5], [1, 3], [6, 7], [1, 2, 3, 4, 5, 6, 7], [2], [1, 2, 4, 5, 6], [5, 6, 7]];
    for (const lang of ['zh', 'en'] as const) {
      for (const days of sets) {
        expect(readShifts(`${daysLabel(days, lang)} 09:00-18:00`), `${lang} ${days}`).toEqual({ ok: true, value: [{ days, start: '09:00', end: '18:00' }] });
      }
    }
    expect(daysLabel([1, 2, 3, 4, 5, 6, 7], 'zh')).toBe('每天');
    expect(daysLabel([1, 2, 4, 5, 6], 'en')).toBe('Mon, Tue, Thu–Sat');
  });
});
