/**
 * A 300-node routing policy in the engine's own format, for the editor benchmark: a trigger, then
 * 149 size thresholds in a chain, each sending the leads above it to its own team's round robin
 * and the rest down the chain, and a last round robin. Every node at the same spot: the editor
 * lays it out when it opens it, which the benchmark times.
 */
export const POLICY_300_KEY = 'bench-editor-300';

export function policy300(): { key: string; kind: string; name: string; trigger: { events: string[] }; nodes: unknown[]; edges: unknown[] } {
  const steps = 149;
  const at = { x: 0, y: 0 };
  const nodes: unknown[] = [{ id: 'start', type: 'trigger', position: at, label: 'New lead 新线索', data: { events: ['lead.created'] } }];
  const edges: unknown[] = [];
  let previous = { id: 'start', handle: undefined as string | undefined };
  for (let i = 0; i < steps; i++) {
    const threshold = (steps - i) * 20;
    const cond = `size-${i}`;
    const assign = `rr-${i}`;
    nodes.push({
      id: cond,
      type: 'condition',
      position: at,
      label: `≥ ${threshold} employees 员工 ≥ ${threshold}`,
      data: { condition: { all: [{ fact: 'lead.employees', operator: 'greaterThanInclusive', value: threshold }] } },
    });
    nodes.push({ id: assign, type: 'assign.roundRobin', position: at, label: `Team ${i} 团队 ${i}`, data: { teams: [`team-${i}`] } });
    edges.push({ id: `${previous.id}-${cond}`, source: previous.id, target: cond, ...(previous.handle ? { sourceHandle: previous.handle } : {}) });
    edges.push({ id: `${cond}-true-${assign}`, source: cond, target: assign, sourceHandle: 'true' });
    previous = { id: cond, handle: 'false' };
  }
  nodes.push({ id: 'rr-rest', type: 'assign.roundRobin', position: at, label: 'Everyone else 其余线索', data: { teams: ['team-rest'] } });
  edges.push({ id: `${previous.id}-false-rr-rest`, source: previous.id, target: 'rr-rest', sourceHandle: 'false' });
  return {
    key: POLICY_300_KEY,
    kind: 'routing',
    name: 'Editor benchmark: 300 nodes / 编辑器基准：300 个节点',
    trigger: { events: ['lead.created'] },
    nodes,
    edges,
  };
}
