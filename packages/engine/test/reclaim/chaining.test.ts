import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, decideReference, tick, type CompiledPolicy } from '../../src/index.js';
import { stateFrom } from '../scenarios/harness.js';

// reclaim.rule's outcomes are handles: a flow can go on from "reclaimed" or "exempt".
function chained(): CompiledPolicy {
  const r = compilePolicy({
    key: 'reclaim-chained',
    kind: 'reclaim',
    name: 'reclaim, then tell the manager',
    nodes: [
      { id: 'start', type: 'trigger', data: { events: ['tick'] } },
      { id: 'reclaim', type: 'reclaim.rule', data: { days: { noFollowUp: 7 }, poolId: 'public' } },
      { id: 'tellManager', type: 'notify', data: { to: [{ kind: 'rep', id: 'mgr-ae' }], message: { en: 'reclaimed {{lead.id}}', zh: '已回收 {{lead.id}}' } } },
      {
        id: 'tellOps',
        type: 'notify',
        data: { to: [{ kind: 'role', id: 'sales-ops' }], message: { en: '{{lead.id}} kept by exemption', zh: '{{lead.id}} 因豁免保留' } },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'reclaim' },
      { id: 'e2', source: 'reclaim', sourceHandle: 'reclaimed', target: 'tellManager' },
      { id: 'e3', source: 'reclaim', sourceHandle: 'exempt', target: 'tellOps' },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const AT = '2026-03-11T02:00:00Z';
const ev = (leadId: string) => ({ id: `t-${leadId}`, type: 'tick' as const, at: AT, leadId });

describe('reclaim.rule outcome handles', () => {
  it('continues from "reclaimed" after the reclaim, and from "exempt" for an exempt lead', async () => {
    const policy = chained();
    const state = stateFrom('s19-exempt-customers');
    const reclaimed = decide(policy, ev('L-1905'), state, AT);
    expect(reclaimed.actions.map((a) => (a.type === 'notify' ? `notify:${a.to.map((t) => t.id).join(',')}:${a.message.en}` : a.type))).toEqual([
      'toPool',
      'notify:ae-1:Lead L-1905 was reclaimed to pool public: no follow-up since 2026-03-01, 10 days > 7',
      'notify:mgr-ae:reclaimed L-1905',
    ]);
    expect(reclaimed.explanation.visited.map((v) => `${v.nodeId}:${v.result}`)).toEqual(['start:tick', 'reclaim:reclaimed', 'tellManager:done']);
    expect(await decideReference(policy, ev('L-1905'), state, AT)).toEqual(reclaimed);

    const exempt = decide(policy, ev('L-1901'), state, AT);
    expect(exempt.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-1901',
        nodeId: 'tellOps',
        mode: 'notify',
        to: [{ kind: 'role', id: 'sales-ops' }],
        message: { en: 'L-1901 kept by exemption', zh: 'L-1901 因豁免保留' },
      },
    ]);
    expect(exempt.explanation.visited.map((v) => `${v.nodeId}:${v.result}`)).toEqual(['start:tick', 'reclaim:exempt', 'tellOps:done']);
  });

  it('a node without a tick shortcut after it makes the tick run the flow for every lead, with the same result', () => {
    const state = stateFrom('s19-exempt-customers');
    const result = tick(chained(), state, AT);
    expect(result.checked).toBe(7);
    expect(result.evaluated).toBe(7);
    // Two unprotected leads reclaimed; four exempt ones reported to sales-ops; the recent one does nothing.
    expect(result.decisions.map((d) => `${d.leadId}:${d.explanation.visited[1]!.result}`).sort()).toEqual([
      'L-1901:exempt',
      'L-1902:exempt',
      'L-1903:exempt',
      'L-1904:exempt',
      'L-1905:reclaimed',
      'L-1906:reclaimed',
      'L-1907:exempt',
    ]);
  });
});
