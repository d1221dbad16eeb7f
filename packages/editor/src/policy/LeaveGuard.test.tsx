import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { PolicyDocument } from '@sluice/engine';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18next } from '../i18n/index';
import { ApiError } from '../api/client';
import { PolicyEditor, type saveDraft } from './PolicyEditorPage';
import { renderRouted } from './routed.test-helper';
import { createPolicyStore, undo, type PolicyStore } from './store';
import { EMPTY_VALUES } from './tenantValues';

afterEach(cleanup);
beforeEach(async () => {
  await i18next.changeLanguage('en');
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

const cooling = (store: PolicyStore) => (store.getState().doc.nodes[1]!.data as { coolingDays: number }).coolingDays;
/** The edit of the user test: the round robin's cooling days from 7 to 14. */
const edit = (store: PolicyStore) => act(() => store.getState().updateNodeData('rr', { teams: ['ae'], coolingDays: 14 }));

function open(save: typeof saveDraft = vi.fn(async () => ({ errors: 0 })), from?: string) {
  const store = createPolicyStore(doc());
  const r = renderRouted(<PolicyEditor store={store} policyKey="rt" save={save} tenantValues={EMPTY_VALUES} />, { from });
  const where = () => r.router.state.location.pathname;
  const dialog = () => screen.queryByRole('alertdialog');
  const menu = () => fireEvent.click(screen.getByRole('link', { name: 'Policies' }));
  return { store, save, where, dialog, menu, ...r };
}

describe('leaving the policy editor', () => {
  it('leaves without asking when nothing is unsaved: just opened, or edited and undone', async () => {
    const first = open();
    first.menu();
    await waitFor(() => expect(first.where()).toBe('/policies'));
    expect(first.dialog()).toBeNull();
    cleanup();

    const { store, where, dialog, menu } = open();
    edit(store);
    act(() => undo(store));
    menu();
    await waitFor(() => expect(where()).toBe('/policies'));
    expect(dialog()).toBeNull();
  });

  it('asks before the menu link takes unsaved edits away; Stay (focused first) and Escape keep them', async () => {
    const { store, where, dialog, menu, router } = open();
    edit(store);
    expect(screen.getByTestId('save-draft').textContent).toBe('Save draft •');
    // Inside the editor nothing asks: a tab, or the query string of the same policy.
    fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Canvas' }));
    await act(() => router.navigate('/policies/rt?tab=json'));
    expect(dialog()).toBeNull();

    menu();
    const asked = await screen.findByRole('alertdialog', { name: 'You have unsaved changes to this policy' });
    expect(asked.textContent).toContain('“Round robin”');
    const stay = screen.getByRole('button', { name: 'Stay' });
    expect(document.activeElement).toBe(stay);
    expect(screen.getByRole('button', { name: 'Save and leave' })).toBeInstanceOf(HTMLElement);
    expect(screen.getByRole('button', { name: 'Leave without saving' })).toBeInstanceOf(HTMLElement);
    fireEvent.click(stay);
    await waitFor(() => expect(dialog()).toBeNull());
    expect(where()).toBe('/policies/rt');
    expect(cooling(store)).toBe(14);

    menu();
    // The editor's shortcuts do not act behind the dialog; Escape is Stay.
    fireEvent.keyDown(await screen.findByRole('alertdialog'), { key: 'z', ctrlKey: true });
    expect(cooling(store)).toBe(14);
    fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' });
    await waitFor(() => expect(dialog()).toBeNull());
    expect(where()).toBe('/policies/rt');
    expect(cooling(store)).toBe(14);
  });

  it('asks on the browser back button too; Leave without saving goes without saving', async () => {
    const { store, save, where, dialog, router } = open(undefined, '/policies');
    edit(store);
    await act(() => router.navigate(-1));
    fireEvent.click(await screen.findByRole('button', { name: 'Leave without saving' }));
    await waitFor(() => expect(where()).toBe('/policies'));
    expect(dialog()).toBeNull();
    expect(save).not.toHaveBeenCalled();
  });

  it('Save and leave saves the edited draft, then goes', async () => {
    const { store, save, where, menu } = open();
    edit(store);
    menu();
    fireEvent.click(await screen.findByRole('button', { name: 'Save and leave' }));
    await waitFor(() => expect(where()).toBe('/policies'));
    expect(save).toHaveBeenCalledTimes(1);
    expect(vi.mocked(save).mock.calls[0]![0]).toBe('rt');
    expect((vi.mocked(save).mock.calls[0]![1].nodes[1]!.data as { coolingDays: number }).coolingDays).toBe(14);
  });

  it('stays and shows why when the save fails; the choice is still there', async () => {
    const save = vi.fn<typeof saveDraft>(async () => {
      throw new ApiError(503, 'unavailable', 'The database is not answering', undefined, [], null);
    });
    const { store, where, dialog, menu } = open(save);
    edit(store);
    menu();
    fireEvent.click(await screen.findByRole('button', { name: 'Save and leave' }));
    const alert = await screen.findByTestId('leave-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe('The draft could not be saved, so you are still on this page: The database is not answering');
    expect(where()).toBe('/policies/rt');
    expect(dialog()).not.toBeNull();
    expect(screen.getByRole('button', { name: 'Stay' })).toBe(document.activeElement);
    fireEvent.click(screen.getByRole('button', { name: 'Stay' }));
    await waitFor(() => expect(dialog()).toBeNull());
    expect(cooling(store)).toBe(14);
    expect(screen.getByTestId('save-draft').textContent).toBe('Save draft •');
  });

  it('after a save nothing asks, and the tab’s closing asks the browser only while unsaved', async () => {
    const { store, where, dialog, menu } = open();
    const unload = () => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(unload()).toBe(false);
    edit(store);
    expect(unload()).toBe(true);
    fireEvent.click(screen.getByTestId('save-draft'));
    await waitFor(() => expect(screen.getByTestId('save-status').textContent).toBe('Draft saved.'));
    // The listener goes in the effect after that render: on a loaded machine, a moment later.
    await waitFor(() => expect(unload()).toBe(false));
    menu();
    await waitFor(() => expect(where()).toBe('/policies'));
    expect(dialog()).toBeNull();
  });

  it('asks in Chinese', async () => {
    await i18next.changeLanguage('zh');
    const { store, menu } = open();
    edit(store);
    menu();
    expect(await screen.findByRole('alertdialog', { name: '此策略有未保存的修改' })).toBeInstanceOf(HTMLElement);
    for (const name of ['保存并离开', '不保存，直接离开', '留在此页']) expect(screen.getByRole('button', { name })).toBeInstanceOf(HTMLElement);
  });
});
