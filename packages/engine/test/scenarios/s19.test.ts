import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { compilePolicy, tick, type CompiledPolicy } from '../../src/index.js';
import { compiledExample, event, stateFrom, step, timelineEvents } from './harness.js';
import { decideLead, reclaimNote, runTimelineWithTicks } from './tickHarness.js';

// S19: locked customers, signed deals and open opportunities are exempt, each switchable.
// Every lead except L-1907 has had no follow-up since 2026-03-01 10:00 Shanghai (10 days at the check).
const policy = compiledExample('s19-exemptions');
const AT = '2026-03-11T02:00:00Z';

function withExempt(change: Partial<Record<'locked' | 'signed' | 'openOpportunity', boolean>>): CompiledPolicy {
  const doc = structuredClone(examplePolicy('s19-exemptions')) as { nodes: Array<{ id: string; data: { exempt: Record<string, boolean> } }> };
  Object.assign(doc.nodes.find((n) => n.id === 'reclaim')!.data.exempt, change);
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const reclaimedAt = (p: CompiledPolicy) =>
  tick(p, stateFrom('s19-exempt-customers'), AT)
    .decisions.filter((d) => d.actions.some((a) => a.type === 'toPool'))
    .map((d) => d.leadId)
    .sort();

describe('S19 exemptions', () => {
  it('with every exemption on, only the two unprotected leads are reclaimed; exempt leads never run the flow on a tick', async () => {
    const state = stateFrom('s19-exempt-customers');
    const [first] = await runTimelineWithTicks(policy, state, timelineEvents('s19-unlock').slice(0, 1));
    expect(first!.tick!.checked).toBe(7);
    expect(first!.tick!.evaluated).toBe(2);
    expect(first!.tick!.decisions.map((d) => d.leadId).sort()).toEqual(['L-1905', 'L-1906']);
  });

  it('each exempt lead says which exemption applied, and what it was spared', () => {
    const state = stateFrom('s19-exempt-customers');
    const notes = ['L-1901', 'L-1902', 'L-1903', 'L-1904', 'L-1907'].map((id) => reclaimNote(decideLead(policy, state, id, AT)));
    expect(notes).toEqual([
      {
        leadId: 'L-1901',
        outcome: 'exempt',
        en: 'exempt (locked customer): not reclaimed, although no follow-up since 2026-03-01, 10 days > 7',
        zh: '豁免（锁定客户）：不回收，尽管自 2026-03-01 起未跟进，10 天 > 7 天',
      },
      {
        leadId: 'L-1902',
        outcome: 'exempt',
        en: 'exempt (signed deal): not reclaimed, although no follow-up since 2026-03-01, 10 days > 7',
        zh: '豁免（已签约客户）：不回收，尽管自 2026-03-01 起未跟进，10 天 > 7 天',
      },
      {
        leadId: 'L-1903',
        outcome: 'exempt',
        en: 'exempt (open opportunity): not reclaimed, although no follow-up since 2026-03-01, 10 days > 7',
        zh: '豁免（有进行中的商机）：不回收，尽管自 2026-03-01 起未跟进，10 天 > 7 天',
      },
      {
        leadId: 'L-1904',
        outcome: 'exempt',
        en: 'exempt (locked customer, open opportunity): not reclaimed, although no follow-up since 2026-03-01, 10 days > 7',
        zh: '豁免（锁定客户、有进行中的商机）：不回收，尽管自 2026-03-01 起未跟进，10 天 > 7 天',
      },
      { leadId: 'L-1907', outcome: 'exempt', en: 'exempt (locked customer): not reclaimed while this applies', zh: '豁免（锁定客户）：适用期间不回收' },
    ]);
    const d = decideLead(policy, state, 'L-1904', AT);
    expect(d.actions).toEqual([]);
    expect(d.explanation.visited[1]!.detail).toMatchObject({ exemptions: ['locked', 'openOpportunity'] });
  });

  it('the decision summary says the lead was kept and why, not "no action" ("why did I not lose this customer?")', async () => {
    const state = stateFrom('s19-exempt-customers');
    // A lead event the policy listens to, through the step as the server runs it: L-1901 stays locked.
    const updated = await step(policy, state, event({ id: 'u1', type: 'lead.updated', at: AT, lead: { id: 'L-1901', company: '青岛海尔森电器' } }));
    expect(updated.actions).toEqual([]);
    expect(updated.explanation.summary).toEqual({
      en: 'kept lead L-1901 with ae-1: exempt from reclaim (locked customer), although no follow-up since 2026-03-01, 10 days > 7',
      zh: '线索 L-1901 保留给 ae-1：豁免回收（锁定客户），尽管自 2026-03-01 起未跟进，10 天 > 7 天',
    });
    expect(decideLead(policy, state, 'L-1904', AT).explanation.summary).toEqual({
      en: 'kept lead L-1904 with ae-2: exempt from reclaim (locked customer, open opportunity), although no follow-up since 2026-03-01, 10 days > 7',
      zh: '线索 L-1904 保留给 ae-2：豁免回收（锁定客户、有进行中的商机），尽管自 2026-03-01 起未跟进，10 天 > 7 天',
    });
    // Not due yet: still kept, and why.
    expect(decideLead(policy, state, 'L-1907', AT).explanation.summary).toEqual({
      en: 'kept lead L-1907 with ae-1: exempt from reclaim (locked customer)',
      zh: '线索 L-1907 保留给 ae-1：豁免回收（锁定客户）',
    });
    // A lead kept only because it is not due says nothing more than before.
    expect(decideLead(policy, state, 'L-1905', '2026-03-05T02:00:00Z').explanation.summary).toEqual({ en: 'no action', zh: '无动作' });
  });

  it.each([
    ['locked', ['L-1901', 'L-1905', 'L-1906']],
    ['signed', ['L-1902', 'L-1905', 'L-1906']],
    ['openOpportunity', ['L-1903', 'L-1905', 'L-1906']],
  ] as const)('switching off the %s exemption reclaims exactly the leads it alone protected', (exemption, expected) => {
    expect(reclaimedAt(withExempt({ [exemption]: false }))).toEqual(expected);
  });

  it('with all exemptions off every silent lead goes, the recently followed-up one stays', () => {
    expect(reclaimedAt(withExempt({ locked: false, signed: false, openOpportunity: false }))).toEqual([
      'L-1901',
      'L-1902',
      'L-1903',
      'L-1904',
      'L-1905',
      'L-1906',
    ]);
  });

  it('a customer unlocked an hour later is reclaimed on that event', async () => {
    const state = stateFrom('s19-exempt-customers');
    const outcomes = await runTimelineWithTicks(policy, state, timelineEvents('s19-unlock'));
    const unlock = outcomes[1]!.decision!;
    expect(unlock.eventType).toBe('lead.updated');
    expect(unlock.actions.map((a) => a.type)).toEqual(['toPool', 'notify']);
    expect(reclaimNote(unlock).en).toBe('reclaimed from ae-1 to pool public: no follow-up since 2026-03-01, 10 days > 7');
    expect(state.lead('L-1901')).toMatchObject({ locked: false, ownerId: null, poolId: 'public' });
  });
});
