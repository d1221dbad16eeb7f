import { compilePolicy, decide, eventSchema, InMemoryState, type PolicyDocumentInput, type StateSnapshotInput } from '@sluice/engine';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import s10Policy from '../../../../examples/policies/s10-capacity-shifts.json';
import s10State from '../../../../examples/states/s10-shifts.json';
import s10Timeline from '../../../../examples/timelines/s10-follow-the-sun.json';
import { setSessionForTest } from '../app/session.js';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import DecisionPage from './DecisionPage.js';
import type { StoredDecision } from './explain.js';

// A real decision, made by the engine from the example corpus, as GET /v1/decisions/{id} returns it.
function capacityDecision(): StoredDecision {
  const compiled = compilePolicy(s10Policy as PolicyDocumentInput);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const event = eventSchema.parse(s10Timeline.events[0]);
  const d = decide(compiled.policy, event, InMemoryState.from(s10State as StateSnapshotInput), event.at);
  // Version 0 (a dry run's): the page draws no canvas, which this test is not about.
  return { ...d, decisionId: 'd-1', policy: { ...d.policy, version: 0 } };
}

function answer(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

let caseRequests: unknown[];

beforeEach(() => {
  setTenantZone('Asia/Shanghai');
  const decision = capacityDecision();
  caseRequests = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init?: RequestInit) => {
      if (path === '/v1/decisions/d-1') return answer(decision);
      if (path === '/v1/decisions/d-1/test-case' && init?.method === 'POST') {
        const body = JSON.parse(String(init.body));
        caseRequests.push(body);
        return answer({ case: { id: 'from-d-1', name: { en: body.name?.en ?? 'Decision d-1', zh: body.name?.zh ?? '决策 d-1' }, given: {}, when: [] } });
      }
      if (path.startsWith('/v1/reps')) return answer({ items: [], next: null });
      return new Response('{}', { status: 404 });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function openDecision() {
  render(
    <MemoryRouter initialEntries={['/decisions/d-1']}>
      <Routes>
        <Route path="/decisions/:id" element={<DecisionPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('decision page', () => {
  it.each([
    ['en', 'assigned lead L-1001 to sh-1 (capacity, node byCapacity)'],
    ['zh', '线索 L-1001 分配给 sh-1（capacity，节点 byCapacity）'],
  ] as const)('states the summary once, as the page title (%s)', async (lang, summary) => {
    setLanguage(lang);
    openDecision();
    const title = await screen.findByRole('heading', { level: 1 });
    expect(title.textContent).toBe(summary);
    // Once on the whole page: not again above the explanation.
    expect(screen.getAllByText(summary)).toHaveLength(1);
    expect(document.querySelectorAll('.explanation-summary')).toHaveLength(1);
    // The explanation itself is there (its actions and the candidate table).
    expect(screen.getAllByRole('table')).toHaveLength(1);
  });
});

describe('save a decision as a test case', () => {
  it('an editor names the case; it is added to the draft of the policy that decided, with a link to its Tests tab', async () => {
    setLanguage('en');
    setSessionForTest({ user: { id: 'u1', email: 'ed@example.com', role: 'editor', mustChangePassword: false } });
    openDecision();
    fireEvent.click(await screen.findByTestId('save-as-case'));
    fireEvent.change(screen.getByTestId('case-name'), { target: { value: 'Shanghai lead goes by capacity' } });
    fireEvent.click(screen.getByTestId('save-case-confirm'));
    const saved = await screen.findByTestId('case-saved');
    expect(caseRequests).toEqual([{ name: { en: 'Shanghai lead goes by capacity' }, addToDraft: true }]);
    const key = capacityDecision().policy.key;
    expect(saved.textContent).toBe(`Saved as test case “Shanghai lead goes by capacity” in the draft of ${key}. Open the Tests tab`);
    expect(saved.querySelector('a')!.getAttribute('href')).toBe(`/policies/${key}?tab=tests`);
  });

  it('a viewer is not offered it', async () => {
    setLanguage('zh');
    setSessionForTest({ user: { id: 'u2', email: 'vic@example.com', role: 'viewer', mustChangePassword: false } });
    openDecision();
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByTestId('save-as-case')).toBeNull();
  });
});
