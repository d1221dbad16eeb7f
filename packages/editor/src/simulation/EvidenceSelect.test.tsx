import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import { EvidenceSelect } from './EvidenceSelect.js';
import fixture from './fixtures/report.json';
import { jsonResponse } from './pageTest.test-helper.js';
import type { SimulationItem } from './types.js';

// The publish form's evidence picker says each finished simulation in words: its dataset, its
// candidates by policy name and version, when it ran on the tenant's clock; the chosen one also what
// its report concluded, and its id.
const report = {
  ...fixture,
  verdicts: [{ policy: 'by capacity', versus: 'round robin', better: ['expectedWins', 'gini'], worse: ['unassigned'], same: [], unclear: ['cv'] }],
};
const RAN: SimulationItem = {
  id: '4f9d2c1a-7b3e-4d5f-9a1b-2c3d4e5f6a7b',
  datasetId: 'ds-q3',
  status: 'done',
  seed: 1,
  progress: { done: 1, total: 1 },
  candidates: [
    { label: 'round robin', policies: [{ key: 'rr', version: 'live', resolved: 3 }] },
    { label: 'by capacity', policies: [{ key: 'cap', version: 'draft', resolved: 'draft' }] },
  ],
  createdAt: '2026-03-02T00:55:00Z',
  finishedAt: '2026-03-02T01:04:00Z',
};
const OTHER: SimulationItem = {
  ...RAN,
  id: 'b2c3d4e5-0000-4000-8000-000000000000',
  datasetId: 'ds-deleted',
  candidates: [
    { label: 'a', policies: [{ key: 'gone', version: 2, resolved: 2 }] },
    {
      label: 'b',
      policies: [
        { key: 'rr', version: 'live', resolved: 3 },
        { key: 'cap', version: 1, resolved: 1 },
      ],
    },
  ],
  finishedAt: '2026-03-03T14:30:00Z',
};
const NAMES = {
  en: { rr: 'Round robin', cap: 'By capacity', dataset: 'Q3 leads' },
  zh: { rr: '轮询', cap: '按容量', dataset: 'Q3 线索' },
};
let lang: 'en' | 'zh' = 'en';
/** Three reads answer before the words are whole: given time on a busy machine. */
const SLOW = { timeout: 5_000 };

beforeEach(() => {
  setTenantZone('Asia/Shanghai');
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      const url = new URL(path, 'http://editor.test');
      if (url.pathname === '/v1/simulations') return jsonResponse({ items: [RAN, OTHER], nextCursor: null });
      if (url.pathname === `/v1/simulations/${RAN.id}`) return jsonResponse({ ...RAN, report });
      if (url.pathname === `/v1/simulations/${OTHER.id}`) return jsonResponse(OTHER);
      if (url.pathname === '/v1/datasets')
        return jsonResponse({ items: [{ id: 'ds-q3', name: NAMES[lang].dataset, files: [], createdAt: '2026-03-01T00:00:00Z' }] });
      if (url.pathname === '/v1/policies')
        return jsonResponse({
          policies: [
            { key: 'rr', name: NAMES[lang].rr },
            { key: 'cap', name: NAMES[lang].cap },
          ],
        });
      return jsonResponse({}, 404);
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  lang = 'en';
  setLanguage('en');
});

function Picker({ initial = '' }: { initial?: string }) {
  const [value, setValue] = useState(initial);
  return <EvidenceSelect value={value} onChange={setValue} />;
}

const select = () => screen.getByTestId('publish-evidence') as HTMLSelectElement;
const optionTexts = () => [...select().options].map((o) => o.text);

describe('EvidenceSelect', () => {
  it('names each simulation by dataset, policies with versions and when it ran, the id only after', async () => {
    setLanguage('en');
    render(<Picker />);
    await waitFor(
      () =>
        expect(optionTexts()).toEqual([
          'none',
          'Q3 leads · Round robin v3 vs By capacity draft · ran Mar 2, 2026, 09:04 · #4f9d2c1a',
          // A deleted dataset and policy are said as such, or by the key the policy had.
          'a deleted dataset · gone v2 vs Round robin v3 + By capacity v1 · ran Mar 3, 2026, 22:30 · #b2c3d4e5',
        ]),
      SLOW,
    );
    expect(select().value).toBe('');
    expect(screen.queryByTestId('evidence-chosen')).toBeNull();

    // The one chosen: in words, with what its report concluded, and its whole id under it.
    fireEvent.change(select(), { target: { value: RAN.id } });
    const chosen = await screen.findByTestId('evidence-chosen');
    expect(chosen.querySelector('[data-evidence="summary"]')!.textContent).toBe('Q3 leads: Round robin v3 vs By capacity draft, ran Mar 2, 2026, 09:04');
    await waitFor(
      () =>
        expect([...chosen.querySelectorAll('[data-evidence="verdicts"] li')].map((li) => li.textContent)).toEqual([
          'by capacity vs round robin: better on Expected wins, Gini of leads per rep; worse on Leads left unassigned',
        ]),
      SLOW,
    );
    expect(chosen.querySelector('[data-evidence="id"]')!.textContent).toBe(`Simulation id: ${RAN.id}`);
    expect(select().getAttribute('aria-describedby')).toBe(chosen.id);
  });

  it('says it in Chinese, on the tenant’s clock', async () => {
    lang = 'zh';
    setLanguage('zh');
    render(<Picker initial={RAN.id} />);
    await waitFor(() => expect(optionTexts()[1]).toBe('Q3 线索 · 轮询 v3 vs 按容量 草稿 · 运行于 2026年3月2日 09:04 · #4f9d2c1a'), SLOW);
    expect(select().value).toBe(RAN.id);
    const chosen = screen.getByTestId('evidence-chosen');
    await waitFor(
      () =>
        expect([...chosen.querySelectorAll('[data-evidence="verdicts"] li')].map((li) => li.textContent)).toEqual([
          'by capacity 对比 round robin：预期赢单数、线索分配基尼系数更好；未分配线索数更差',
        ]),
      SLOW,
    );
    expect(chosen.querySelector('[data-evidence="summary"]')!.textContent).toBe('Q3 线索：轮询 v3 vs 按容量 草稿，运行于 2026年3月2日 09:04');
    expect(chosen.querySelector('[data-evidence="id"]')!.textContent).toBe(`模拟编号：${RAN.id}`);
  });

  it('a chosen simulation the list does not hold (older than its page) is still said in words', async () => {
    setLanguage('en');
    const older: SimulationItem = { ...RAN, id: 'older-one' };
    vi.mocked(fetch).mockImplementation(async (input) => {
      const url = new URL(String(input), 'http://editor.test');
      if (url.pathname === '/v1/simulations') return jsonResponse({ items: [], nextCursor: null });
      if (url.pathname === '/v1/simulations/older-one') return jsonResponse(older);
      if (url.pathname === '/v1/datasets') return jsonResponse({ items: [{ id: 'ds-q3', name: 'Q3 leads', files: [], createdAt: '2026-03-01T00:00:00Z' }] });
      if (url.pathname === '/v1/policies') return jsonResponse({ policies: [{ key: 'rr', name: 'Round robin' }] });
      return jsonResponse({}, 404);
    });
    render(<Picker initial="older-one" />);
    await waitFor(() => expect(optionTexts()[1]).toBe('Q3 leads · Round robin v3 vs cap draft · ran Mar 2, 2026, 09:04 · #older-on'), SLOW);
    // Its report is not there: no verdicts, and nothing made up.
    expect(screen.getByTestId('evidence-chosen').querySelector('[data-evidence="verdicts"]')).toBeNull();
  });
});
