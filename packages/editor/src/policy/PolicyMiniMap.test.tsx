import { cleanup, render, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PolicyDocument } from '@sluice/engine';
import { i18next } from '../i18n/index';
import { PolicyCanvas } from './PolicyCanvas';

afterEach(cleanup);

/** A ResizeObserver that reports each element once when observed, as a browser does after layout. */
class ReportingResizeObserver {
  constructor(private readonly report: (entries: Array<{ target: Element }>, observer: unknown) => void) {}
  observe(target: Element) {
    queueMicrotask(() => this.report([{ target }], this));
  }
  unobserve() {}
  disconnect() {}
}

// happy-dom lays nothing out: give every element the size a node has on screen, so React Flow measures nodes as a browser would.
const sizes = ['offsetWidth', 'offsetHeight'] as const;
const saved = sizes.map((k) => Object.getOwnPropertyDescriptor(HTMLElement.prototype, k));
beforeAll(() => {
  vi.stubGlobal('ResizeObserver', ReportingResizeObserver);
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 240 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 90 });
});
afterAll(() => {
  vi.unstubAllGlobals();
  sizes.forEach((k, i) => saved[i] && Object.defineProperty(HTMLElement.prototype, k, saved[i]!));
});

const at = (i: number) => ({ x: (i % 3) * 300, y: Math.floor(i / 3) * 160 });
const doc: PolicyDocument = {
  key: 'm',
  kind: 'routing',
  name: 'm',
  description: '',
  version: 0,
  nodes: [
    { id: 'start', type: 'trigger', position: at(0), data: { events: ['lead.created'] } },
    { id: 'big', type: 'condition', position: at(1), data: { condition: { fact: 'lead.employees', operator: 'greaterThan', value: 500 } } },
    { id: 'rr1', type: 'assign.roundRobin', position: at(2), data: { teams: ['ae'] } },
    { id: 'rr2', type: 'assign.roundRobin', position: at(3), data: { teams: ['sdr'] } },
    { id: 'rr3', type: 'assign.roundRobin', position: at(4), data: { teams: ['east'] } },
    { id: 'pool1', type: 'assign.toPool', position: at(5), data: { poolId: 'public' } },
    { id: 'pool2', type: 'assign.toPool', position: at(6), data: { poolId: 'east' } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'big' }],
};

describe('the minimap', () => {
  it('draws every node, coloured by its group, in a 160×110 box with the view outlined', async () => {
    await i18next.changeLanguage('en');
    const { container } = render(<PolicyCanvas doc={doc} />);
    await waitFor(() => expect(container.querySelectorAll('.react-flow__minimap-node')).toHaveLength(7));
    const svg = container.querySelector('.react-flow__minimap svg')!;
    expect([svg.getAttribute('width'), svg.getAttribute('height')]).toEqual(['160', '110']);
    const fills = [...container.querySelectorAll<SVGRectElement>('.react-flow__minimap-node')].map((r) => r.style.fill);
    // Trigger violet, logic cyan, assignment green: the colours of the nodes' left borders.
    expect(fills.map((f) => f.replace(/\s/g, ''))).toEqual(
      ['#7c3aed', '#0891b2', '#16a34a', '#16a34a', '#16a34a', '#16a34a', '#16a34a'].map((hex) => normalise(hex, fills[0]!)),
    );
    expect(container.querySelector('.react-flow__minimap')?.classList.contains('bottom')).toBe(true);
    expect(container.querySelector('.react-flow__minimap')?.classList.contains('right')).toBe(true);
    expect(container.querySelector('.react-flow__minimap-mask')).not.toBeNull();
    expect(container.querySelector('.react-flow__minimap svg title')?.textContent).toBe('Overview of the whole flow');
  });

  it('gives each node on the canvas its group colour for the left border', async () => {
    await i18next.changeLanguage('en');
    const { container } = render(<PolicyCanvas doc={doc} />);
    await waitFor(() => expect(container.querySelector('[data-node-id="big"]')).not.toBeNull());
    expect(container.querySelector<HTMLElement>('[data-node-id="start"]')!.style.getPropertyValue('--group-colour')).toBe('#7c3aed');
    expect(container.querySelector<HTMLElement>('[data-node-id="big"]')!.style.getPropertyValue('--group-colour')).toBe('#0891b2');
  });
});

/** happy-dom may hand a fill back as written or as rgb(); compare in the form it uses. */
function normalise(hex: string, sample: string): string {
  if (sample.startsWith('#')) return hex;
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255})`;
}
