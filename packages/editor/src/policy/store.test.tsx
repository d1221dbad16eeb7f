import { cleanup, fireEvent, screen } from '@testing-library/react';
import type { PolicyDocument } from '@sluice/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { i18next } from '../i18n/index';
import { asDocument, documentText } from './JsonTab';
import { PolicyEditor } from './PolicyEditorPage';
import { renderRouted } from './routed.test-helper';
import { createPolicyStore, redo, undo } from './store';
import { EMPTY_VALUES } from './tenantValues';

afterEach(cleanup);

/** A document with fields the editor does not know, on the document, a node and an edge. */
const withUnknowns = (): PolicyDocument =>
  ({
    key: 'rt',
    kind: 'routing',
    name: 'Round trip',
    description: '',
    version: 0,
    xCustom: { owner: 'ops' },
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 10, y: 20 }, data: { events: ['lead.created'] }, label: 'Start', xNote: 'keep me' },
      { id: 'rr', type: 'assign.roundRobin', position: { x: 30, y: 200 }, data: { teams: ['ae'], futureFlag: true } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'rr', xColour: 'red' }],
  }) as unknown as PolicyDocument;

describe('document ↔ canvas ↔ document', () => {
  it('keeps positions and unknown fields through canvas edits and the JSON text', () => {
    const store = createPolicyStore(asDocument(documentText(withUnknowns()))!);
    store.getState().updateNodeData('rr', { ...(store.getState().doc.nodes[1]!.data as object), teams: ['sdr'] });
    store.getState().moveNodes([{ id: 'start', x: 55.4, y: 66.6 }]);
    const id = store.getState().addNode('assign.toPool', undefined, 'rr');
    const back = asDocument(documentText(store.getState().doc)) as unknown as Record<string, any>;
    expect(back.xCustom).toEqual({ owner: 'ops' });
    expect(back.nodes[0]).toEqual({
      id: 'start',
      type: 'trigger',
      position: { x: 55, y: 67 },
      data: { events: ['lead.created'] },
      label: 'Start',
      xNote: 'keep me',
    });
    expect(back.nodes[1]).toEqual({ id: 'rr', type: 'assign.roundRobin', position: { x: 30, y: 200 }, data: { teams: ['sdr'], futureFlag: true } });
    expect(back.edges[0]).toEqual({ id: 'e1', source: 'start', target: 'rr', xColour: 'red' });
    // The new node hangs off the first free output of the selected node: the round robin's "assigned".
    expect(back.edges[1]).toEqual({ id: 'e-1', source: 'rr', target: id, sourceHandle: 'assigned' });
    expect(back.nodes[2]).toMatchObject({ id: 'toPool-1', type: 'assign.toPool', data: { poolId: 'public' } });
  });

  it('refuses JSON that is not a document the canvas can draw', () => {
    expect(asDocument('{"nodes": [')).toBeNull();
    expect(asDocument('{"nodes": [{"type": "trigger"}], "edges": []}')).toBeNull();
    expect(asDocument('[]')).toBeNull();
  });
});

describe('undo / redo and clipboard', () => {
  it('undoes and redoes edits one at a time', () => {
    const store = createPolicyStore(withUnknowns());
    const first = store.getState().doc;
    store.getState().addNode('notify');
    const second = store.getState().doc;
    store.getState().removeElements(['rr'], []);
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['start', 'notify-1']);
    expect(store.getState().doc.edges).toEqual([]);
    undo(store);
    expect(store.getState().doc).toBe(second);
    undo(store);
    expect(store.getState().doc).toBe(first);
    redo(store);
    expect(store.getState().doc).toBe(second);
  });

  it('pastes copies with new ids and the edges between them', () => {
    const store = createPolicyStore(withUnknowns());
    store.getState().select(['start', 'rr']);
    const clip = store.getState().copy()!;
    store.getState().paste(clip);
    const doc = store.getState().doc;
    expect(doc.nodes.map((n) => n.id)).toEqual(['start', 'rr', 'start-1', 'rr-1']);
    expect(doc.edges.at(-1)).toMatchObject({ id: 'e-1', source: 'start-1', target: 'rr-1' });
    expect(doc.nodes[2]!.position).toEqual({ x: 50, y: 60 });
    expect(store.getState().selected).toEqual(['start-1', 'rr-1']);
  });

  it('Ctrl+Z and Ctrl+Shift+Z on the page undo and redo', async () => {
    await i18next.changeLanguage('en');
    const store = createPolicyStore(withUnknowns());
    const { container } = renderRouted(<PolicyEditor store={store} policyKey="rt" save={async () => ({ errors: 0 })} tenantValues={EMPTY_VALUES} />);
    fireEvent.click(screen.getByRole('button', { name: 'Notify / escalate' }));
    expect(store.getState().doc.nodes).toHaveLength(3);
    const page = container.querySelector('.policy-page')!;
    fireEvent.keyDown(page, { key: 'z', ctrlKey: true });
    expect(store.getState().doc.nodes).toHaveLength(2);
    fireEvent.keyDown(page, { key: 'Z', ctrlKey: true, shiftKey: true });
    expect(store.getState().doc.nodes).toHaveLength(3);
    expect(store.getState().doc.nodes[2]!.type).toBe('notify');
  });
});
