import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, decideReference, InMemoryState, type CompiledPolicy, type SluiceEvent } from '../src/index.js';
import { examplePolicy, exampleState } from '@sluice/examples';

/**
 * The benchmark policy (examples/policies/bench-routing-20.json) must route correctly, or the
 * benchmark measures the wrong thing. Expected routes and reps are worked out by hand from the
 * flow and the roster (examples/states/bench-roster.json): with a fresh state a round robin
 * starts at the lowest rep id of its team who is available.
 */

// Monday 2026-03-02 10:00 UTC = 18:00 in Shanghai, 10:00 in Lisbon (rep-09 on shift 08–18),
// 05:00 in New York (rep-10 off shift 09–18).
const AT = '2026-03-02T10:00:00Z';

function compiled(): CompiledPolicy {
  const result = compilePolicy(examplePolicy('bench-routing-20'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

const roster = () => InMemoryState.from(exampleState('bench-roster') as never);

let seq = 0;
function created(lead: Record<string, unknown>): SluiceEvent {
  seq++;
  return { id: `ev-${seq}`, type: 'lead.created', at: AT, lead: { id: `L-${seq}`, createdAt: AT, ...lead } };
}

/** The effect node a decision's single fired rule ends in. */
function routeOf(rulesFired: string[]): string {
  expect(rulesFired).toHaveLength(1);
  return rulesFired[0]!.split('>').pop()!.replace(/#\d+$/, '');
}

describe('bench-routing-20', () => {
  it('compiles to 20 rules, one per route', () => {
    const policy = compiled();
    expect(policy.rules).toHaveLength(20);
    const routes = [...policy.plan.ruleNode].sort();
    expect(new Set(routes).size).toBe(20);
    expect(routes.filter((r) => r.startsWith('rr-'))).toHaveLength(17);
    expect(routes.filter((r) => r.startsWith('notify-'))).toEqual(['notify-global-accounts', 'notify-sales-ops', 'notify-south-sdr']);
  });

  // [region, product, employees, expected route, expected rep (round robins only)]
  const cases: Array<[string | undefined, string, number | undefined, string, string | null]> = [
    ['east', 'crm', 1000, 'rr-east-crm-ent', 'rep-01'],
    ['east', 'crm', 999, 'rr-east-crm', 'rep-01'],
    ['east', 'erp', 500, 'rr-east-erp-ent', 'rep-01'],
    ['east', 'erp', 499, 'rr-east-erp', 'rep-02'],
    ['east', 'hr', 20000, 'rr-east-general', 'rep-01'],
    ['north', 'crm', 5000, 'rr-north-crm-ent', 'rep-04'],
    ['north', 'crm', undefined, 'rr-north-crm', 'rep-04'],
    ['north', 'erp', 10, 'rr-north-erp', 'rep-03'],
    ['north', 'bi', 3000, 'rr-north-general', 'rep-04'],
    ['south', 'crm', 200, 'rr-south-crm', 'rep-06'],
    ['south', 'crm', 199, 'notify-south-sdr', null],
    ['south', 'bi', 50, 'rr-south-bi', 'rep-06'],
    ['south', 'erp', 8000, 'rr-south-general', 'rep-06'],
    ['west', 'hr', 1000, 'rr-west-ent', 'rep-08'],
    ['west', 'hr', 999, 'rr-west-hr', 'rep-08'],
    ['west', 'crm', 10, 'rr-west-general', 'rep-08'],
    ['intl', 'erp', 5000, 'notify-global-accounts', null],
    ['intl', 'erp', 4999, 'rr-intl-erp', 'rep-03'],
    ['intl', 'bi', 100, 'rr-intl', 'rep-09'],
    [undefined, 'crm', 100, 'notify-sales-ops', null],
    // Region values are matched exactly: an upper-case region is an unknown one.
    ['EAST', 'crm', 5000, 'notify-sales-ops', null],
  ];

  it.each(cases)('region %s, product %s, %s employees → %s (%s)', async (region, product, employees, route, rep) => {
    const policy = compiled();
    const lead: Record<string, unknown> = { product, company: 'Acme' };
    if (region !== undefined) lead.region = region;
    if (employees !== undefined) lead.employees = employees;
    const event = created(lead);
    const d = decide(policy, event, roster(), AT);
    expect(routeOf(d.explanation.rulesFired)).toBe(route);
    const assigns = d.actions.filter((a) => a.type === 'assign');
    if (rep === null) {
      expect(assigns).toEqual([]);
      expect(d.actions.map((a) => (a.type === 'notify' ? a.nodeId : a.type))).toEqual([route]);
    } else {
      expect(assigns).toEqual([{ type: 'assign', leadId: event.lead!.id, repId: rep, previousOwnerId: null, nodeId: route, strategy: 'roundRobin' }]);
    }
    // json-rules-engine evaluating the same rules reaches the same decision.
    expect(await decideReference(policy, event, roster(), AT)).toEqual(d);
  });

  it('explains the path: region, product and size nodes with what they saw', () => {
    const d = decide(compiled(), created({ region: 'east', product: 'crm', employees: 1200, company: 'Acme' }), roster(), AT);
    expect(d.explanation.visited.map((v) => [v.nodeId, v.result])).toEqual([
      ['start', 'lead.created'],
      ['region', 'east'],
      ['east-product', 'crm'],
      ['east-crm-size', 'true'],
      ['rr-east-crm-ent', 'assigned'],
    ]);
    const size = d.explanation.visited[3]!;
    expect(size.condition).toEqual({
      op: 'all',
      result: true,
      children: [{ fact: 'lead.employees', operator: 'greaterThanInclusive', value: 1000, saw: 1200, result: true }],
    });
    expect(d.explanation.visited[1]!.detail).toEqual({ fact: 'lead.region', saw: 'east', case: 'east' });
  });

  it('skips the off-shift rep for international leads and rotates within a team', () => {
    const policy = compiled();
    const state = roster();
    const intl = decide(policy, created({ region: 'intl', product: 'hr', employees: 40 }), state, AT);
    expect(intl.explanation.visited.at(-1)!.candidates!.map((c) => [c.repId, c.status, c.reason ?? null])).toEqual([
      ['rep-09', 'chosen', null],
      ['rep-10', 'skipped', 'offShift'],
    ]);

    // East CRM below 1,000 employees: rep-01, rep-02, then rep-01 again.
    // North CRM below 1,000: rep-05 is inactive, so rep-04 every time.
    const owners: string[] = [];
    for (const [region, employees] of [
      ['east', 10],
      ['east', 20],
      ['east', 30],
      ['north', 10],
      ['north', 20],
    ] as const) {
      const d = decide(policy, created({ region, product: 'crm', employees }), state, AT);
      state.apply(d.changes);
      owners.push(d.actions.find((a) => a.type === 'assign')!.repId);
    }
    expect(owners).toEqual(['rep-01', 'rep-02', 'rep-01', 'rep-04', 'rep-04']);
  });

  it('fills the SDR task for small southern CRM leads in both languages', () => {
    const event = created({ region: 'south', product: 'crm', employees: 150 });
    const d = decide(compiled(), event, roster(), AT);
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: event.lead!.id,
        nodeId: 'notify-south-sdr',
        mode: 'task',
        to: [{ kind: 'team', id: 'sdr-south' }],
        message: {
          en: `Small CRM lead ${event.lead!.id} (150 employees) in the south: qualify it before it goes to an AE`,
          zh: `华南小型 CRM 线索 ${event.lead!.id}（150 人）：请先资格审核，再交给客户经理`,
        },
      },
    ]);
  });
});
