import { render, screen, cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '@sluice/engine';
import { i18next } from '../i18n/index';
import { PolicyCanvas } from './PolicyCanvas';
import { EXAMPLE_POLICIES } from './examples.test-helper';

afterEach(cleanup);

const routing = EXAMPLE_POLICIES['s06-round-robin'] as PolicyDocument;
const reclaim: PolicyDocument = {
  key: 'r',
  kind: 'reclaim',
  name: 'r',
  description: '',
  version: 0,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['tick'] } },
    { id: 'reclaim', type: 'reclaim.rule', position: { x: 0, y: 150 }, data: { days: { noFollowUp: 7 }, poolId: 'public' } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'reclaim' }],
};

describe('PolicyCanvas', () => {
  it('draws each node with its kind label and sentence in English', async () => {
    await i18next.changeLanguage('en');
    const { container } = render(<PolicyCanvas doc={reclaim} />);
    expect(await screen.findByText('no follow-up for 7 days → back to the public pool')).toBeTruthy();
    expect(screen.getByText('Reclaim to pool')).toBeTruthy();
    expect(screen.getByText('when tick')).toBeTruthy();
    expect(container.querySelectorAll('.react-flow__node').length).toBe(2);
  });

  it('draws the same nodes in Chinese', async () => {
    await i18next.changeLanguage('zh');
    render(<PolicyCanvas doc={reclaim} />);
    expect(await screen.findByText('无跟进超过 7 天 → 回收到公海')).toBeTruthy();
    expect(screen.getByText('回收到公海', { selector: '.pnode-kind' })).toBeTruthy();
    expect(screen.getByText('当定时检查时')).toBeTruthy();
  });

  it('gives an assignment node one labelled handle per outcome', async () => {
    await i18next.changeLanguage('en');
    const { container } = render(<PolicyCanvas doc={routing} />);
    await screen.findByText('round robin among team ae, not back to a rep within 7 days');
    const rr = container.querySelector('[data-node-id="rr"]')!;
    const handles = [...rr.querySelectorAll('.pnode-output')].map((o) => o.getAttribute('data-handle'));
    expect(handles).toEqual(['assigned', 'noCandidate']);
    expect(rr.querySelector('[data-handle="noCandidate"]')?.textContent).toBe('no one available');
  });

  it('lights a path and marks diffs', async () => {
    await i18next.changeLanguage('en');
    const { container } = render(<PolicyCanvas doc={routing} highlight={{ nodes: ['start', 'rr'], edges: ['e1'] }} marks={{ mgr: 'added' }} />);
    await screen.findByText('Round robin');
    expect(container.querySelector('[data-node-id="rr"]')?.classList.contains('lit')).toBe(true);
    expect(container.querySelector('[data-node-id="mgr"]')?.classList.contains('dim')).toBe(true);
    expect(container.querySelector('[data-node-id="mgr"]')?.classList.contains('mark-added')).toBe(true);
    expect(container.querySelector('[data-node-id="mgr"] .pnode-mark')?.textContent).toBe('added');
  });
});
