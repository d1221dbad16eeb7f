import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setSessionForTest } from '../app/session.js';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import { passingDoc } from '../policyTests/fixture.test-helper.js';
import type { LogEntry, VersionInfo } from './api.js';
import { NoteField, noteGiven } from './NoteField.js';
import { VersionsPanel } from './VersionsPanel.js';

// Publishing, rolling back and withdrawing each ask for a change note: one field (NoteField) with
// the same label, hint and rule, so the three cannot drift apart.

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const version = (n: number, live: boolean): VersionInfo => ({
  version: n,
  note: `v${n}`,
  publishedBy: 'user:u1',
  publishedByEmail: 'pub@example.com',
  publishedAt: '2026-03-01T02:00:00Z',
  live,
  evidence: null,
});
const entry = (n: number): LogEntry => ({
  version: n,
  action: 'publish',
  note: `v${n}`,
  actor: 'user:u1',
  email: 'pub@example.com',
  at: '2026-03-01T02:00:00Z',
  override: null,
});

beforeEach(() => {
  setTenantZone('Asia/Shanghai');
  setSessionForTest({ user: { id: 'u1', email: 'pub@example.com', role: 'publisher', mustChangePassword: false } });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      if (path.endsWith('/versions')) return json({ versions: [version(1, false), version(2, true)] });
      if (path.endsWith('/log')) return json({ entries: [entry(1), entry(2)] });
      if (path.startsWith('/v1/simulations')) return json({ items: [], nextCursor: null });
      return json({}, 404);
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/**
 * The versions panel, and each of its three notes in turn: the publish form's, then the rollback
 * form's (to v1), then the withdraw form's (v2) — one inline form is open at a time.
 */
async function eachNote(visit: (field: HTMLTextAreaElement, button: HTMLButtonElement) => void) {
  render(
    <MemoryRouter>
      <VersionsPanel policyKey="round-robin" doc={passingDoc} onLoad={() => {}} />
    </MemoryRouter>,
  );
  await screen.findByTestId('rollback-1');
  const at = (field: string, button: string) => visit(screen.getByTestId(field) as HTMLTextAreaElement, screen.getByTestId(button) as HTMLButtonElement);
  at('publish-note', 'publish');
  fireEvent.click(screen.getByTestId('rollback-1'));
  at('rollback-note', 'rollback-confirm');
  fireEvent.click(screen.getByTestId('withdraw-2'));
  expect(screen.queryByTestId('rollback-note')).toBeNull();
  at('withdraw-note', 'withdraw-confirm');
}

/** A note field as drawn, without what tells the three apart (their test id and what was typed). */
const drawn = (field: HTMLTextAreaElement) => {
  const label = field.closest('label')!.cloneNode(true) as HTMLElement;
  const box = label.querySelector('textarea')!;
  box.removeAttribute('data-testid');
  box.value = '';
  return label.outerHTML;
};

describe('the change note of publish, rollback and withdraw', () => {
  it('is drawn the same in all three forms: label, required hint and size', async () => {
    setLanguage('en');
    const seen: string[] = [];
    await eachNote((f) => {
      seen.push(drawn(f));
      expect(f.closest('label')!.textContent).toBe('Change note');
      expect([f.placeholder, f.getAttribute('rows'), f.getAttribute('aria-required')]).toEqual(['Why this change? (required)', '2', 'true']);
    });
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(1);
  });

  it('says the same in Chinese', async () => {
    setLanguage('zh');
    let count = 0;
    await eachNote((f) => {
      count++;
      expect([f.closest('label')!.textContent, f.placeholder]).toEqual(['变更说明', '为什么修改？（必填）']);
    });
    expect(count).toBe(3);
  });

  it('counts a note only once it says something, in every form alike', async () => {
    setLanguage('en');
    const states: boolean[][] = [];
    await eachNote((f, button) => {
      const state = [button.disabled];
      fireEvent.change(f, { target: { value: '  \n ' } });
      state.push(button.disabled);
      fireEvent.change(f, { target: { value: ' East team takes over ' } });
      state.push(button.disabled);
      states.push(state);
    });
    // Empty, then blank: no note; then words: the action may go.
    expect(states).toEqual([
      [true, true, false],
      [true, true, false],
      [true, true, false],
    ]);
    expect([noteGiven(''), noteGiven(' \t'), noteGiven('x')]).toEqual([false, false, true]);
  });

  it('hands what is typed to its form, and can be disabled (a role that may not publish)', () => {
    setLanguage('en');
    const onChange = vi.fn();
    render(<NoteField value="" onChange={onChange} testId="n" disabled />);
    const box = screen.getByTestId('n') as HTMLTextAreaElement;
    expect(box.disabled).toBe(true);
    fireEvent.change(box, { target: { value: 'why' } });
    expect(onChange).toHaveBeenCalledWith('why');
  });
});
