import { compilePolicy, InMemoryState, type Decision, type StateSnapshotInput } from '../../src/index.js';

/**
 * Mainland China around National Day 2025 (国庆), kept small: 1–8 October off, Sunday 28 September
 * and Saturday 11 October are make-up working days (调休上班).
 */
export const CN_2025 = {
  id: 'cn-2025',
  name: { en: 'Mainland China 2025', zh: '中国大陆 2025' },
  timeZone: 'Asia/Shanghai',
  holidays: [{ from: '2025-10-01', to: '2025-10-08', name: { en: 'National Day', zh: '国庆节' } }],
  makeUpDays: [
    { date: '2025-09-28', name: { en: 'National Day make-up day', zh: '国庆调休上班' } },
    { date: '2025-10-11', name: { en: 'National Day make-up day', zh: '国庆调休上班' } },
  ],
};

/** A Shanghai tenant that has the cn-2025 calendar (and no other). */
export function stateWith(extra: Partial<StateSnapshotInput> = {}): InMemoryState {
  return InMemoryState.from({ timeZone: 'Asia/Shanghai', calendars: [CN_2025], ...extra } as StateSnapshotInput);
}

type NodeInput = { id: string; type: string; data?: unknown };
type EdgeInput = { source: string; target: string; sourceHandle?: string };

/** Compiles a small flow, or returns the compiler's errors. */
export function compileFlow(key: string, kind: string, nodes: NodeInput[], edges: EdgeInput[]): ReturnType<typeof compilePolicy> {
  return compilePolicy({
    key,
    kind,
    name: key,
    nodes: nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 100 } })),
    edges: edges.map((e, i) => ({ id: `e${i + 1}`, ...e })),
  });
}

export function visited(d: Decision, nodeId: string) {
  const v = d.explanation.visited.find((n) => n.nodeId === nodeId);
  if (!v) throw new Error(`node ${nodeId} not visited; visited: ${d.explanation.visited.map((n) => n.nodeId).join(', ')}`);
  return v;
}
