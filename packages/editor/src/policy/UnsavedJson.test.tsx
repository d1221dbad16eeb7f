import type { PolicyDocument } from '@sluice/engine';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18next } from '../i18n/index';
import { PolicyEditor } from './PolicyEditorPage';
import { renderRouted } from './routed.test-helper';
import { createPolicyStore } from './store';
import { EMPTY_VALUES } from './tenantValues';

/** Room for a loaded machine (two test files at a time, Chromium beside them). */
const SLOW = { timeout: 5000 };

// Text typed in the JSON tab that is not valid JSON changes no document, but it is the user's
// unsaved work: the save button and the editor say so, the guard asks before it is lost (leaving,
// or closing the tab), and the text is still there when the JSON tab opens again.

/** Monaco stands in as one text model; the test types into it as the editor would. */
const fake = vi.hoisted(() => {
  let text = '';
  const listeners = new Set<() => void>();
  const model = {
    getValue: () => text,
    setValue: (v: string) => {
      text = v;
    },
    type: (v: string) => {
      text = v;
      for (const l of listeners) l();
    },
    onDidChangeContent: (l: () => void) => {
      listeners.add(l);
      return { dispose: () => listeners.delete(l) };
    },
    getPositionAt: () => ({ lineNumber: 1, column: 1 }),
    dispose: () => {},
  };
  return { model, current: () => text, listening: () => listeners.size > 0 };
});

vi.mock('./monaco', () => ({
  jsonDefaults: { setDiagnosticsOptions: () => {} },
  monaco: {
    Uri: { parse: (s: string) => ({ toString: () => s }) },
    MarkerSeverity: { Error: 8, Warning: 4 },
    Range: class {},
    editor: {
      getModel: () => null,
      createModel: (v: string) => {
        fake.model.setValue(v);
        return fake.model;
      },
      create: () => ({ getModel: () => fake.model, dispose: () => {}, setSelection: () => {}, revealRangeAtTop: () => {}, focus: () => {} }),
      setModelMarkers: () => {},
    },
  },
}));

afterEach(cleanup);
beforeEach(async () => {
  await i18next.changeLanguage('en');
  fake.model.setValue('');
});

const doc = (): PolicyDocument =>
  ({
    key: 'rt',
    kind: 'routing',
    name: 'Round robin',
    description: '',
    version: 0,
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } },
      { id: 'rr', type: 'assign.roundRobin', position: { x: 0, y: 200 }, data: { teams: ['ae'], coolingDays: 7 } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'rr' }],
  }) as unknown as PolicyDocument;

const unload = () => {
  const e = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(e);
  return e.defaultPrevented;
};

async function openJson() {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  const store = createPolicyStore(doc());
  const save = vi.fn(async () => ({ errors: 0 }));
  const r = renderRouted(<PolicyEditor store={store} policyKey="rt" save={save} tenantValues={EMPTY_VALUES} />);
  fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
  await waitFor(() => expect(fake.listening() && fake.current()).toContain('"key": "rt"'), SLOW);
  /** Types into the JSON tab and lets its pause (250 ms) pass. */
  const type = async (text: string) => {
    act(() => fake.model.type(text));
    await act(() => vi.advanceTimersByTimeAsync(300));
  };
  return { store, save, type, ...r };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('text in the JSON tab that is not valid JSON', () => {
  it('counts as unsaved: the save button and a line under the header say so, and closing the tab asks', async () => {
    const { store, type } = await openJson();
    const before = store.getState().doc;
    expect(screen.getByTestId('save-draft').textContent).toBe('Save draft');
    expect(unload()).toBe(false);

    await type('{ "key": "rt", "nodes": [');
    // The document is not changed by text that does not parse …
    expect(store.getState().doc).toBe(before);
    // … but it is unsaved work.
    expect(screen.getByTestId('save-draft').textContent).toBe('Save draft •');
    expect(screen.getByTestId('json-unsaved').textContent).toBe(
      'The JSON tab has text that is not valid JSON: it is not saved. Fix it in the JSON tab, or discard it there.',
    );
    expect(screen.getByTestId('json-not-applied')).toBeInstanceOf(HTMLElement);
    expect(unload()).toBe(true);

    // Saving now saves the last document, and the text still counts: it is not in the draft.
    fireEvent.click(screen.getByTestId('save-draft'));
    await waitFor(() => expect(screen.getByTestId('save-status').textContent).toBe('Draft saved.'), SLOW);
    expect(screen.getByTestId('save-draft').textContent).toBe('Save draft •');
    expect(unload()).toBe(true);

    // A document again: it is the edit, the line goes, and once saved nothing is unsaved.
    await type(JSON.stringify({ ...before, name: 'Round robin (east)' }, null, 2));
    expect(store.getState().doc.name).toBe('Round robin (east)');
    expect(screen.queryByTestId('json-unsaved')).toBeNull();
    fireEvent.click(screen.getByTestId('save-draft'));
    await waitFor(() => expect(screen.getByTestId('save-draft').textContent).toBe('Save draft'), SLOW);
    await waitFor(() => expect(unload()).toBe(false), SLOW);
  });

  it('the guard asks before leaving, and says the JSON text cannot be saved', async () => {
    const { type, router } = await openJson();
    await type('not json at all');
    fireEvent.click(screen.getByRole('link', { name: 'Policies' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'You have unsaved changes to this policy' }, SLOW);
    expect(screen.getByTestId('leave-json-broken').textContent).toBe(
      'The JSON tab also has text that is not valid JSON: it cannot be saved, and leaving discards it.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Stay' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull(), SLOW);
    expect(dialog.isConnected).toBe(false);
    expect(router.state.location.pathname).toBe('/policies/rt');
  });

  it('is kept while another tab is open, shown again in the JSON tab, and Discard drops it', async () => {
    const { type } = await openJson();
    await type('{ "broken": ');
    fireEvent.click(screen.getByRole('tab', { name: 'Canvas' }));
    expect(screen.getByTestId('save-draft').textContent).toBe('Save draft •');
    fake.model.setValue('');
    fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    await waitFor(() => expect(fake.listening() && fake.current()).toBe('{ "broken": '), SLOW);
    expect(screen.getByTestId('json-not-applied')).toBeInstanceOf(HTMLElement);
    fireEvent.click(screen.getByTestId('json-discard'));
    expect(fake.current()).toContain('"key": "rt"');
    expect(screen.queryByTestId('json-unsaved')).toBeNull();
    expect(screen.getByTestId('save-draft').textContent).toBe('Save draft');
  });

  it('says so in Chinese', async () => {
    await i18next.changeLanguage('zh');
    const { type } = await openJson();
    await type('{');
    expect(screen.getByTestId('json-unsaved').textContent).toBe('JSON 标签页中有无效的 JSON 文本，不会被保存。请在 JSON 标签页中修正或放弃它。');
    expect(screen.getByTestId('save-draft').textContent).toBe('保存草稿 •');
  });
});
