// Leads kept by the caller's numbers (InMemoryState.numberLeads, state/leadStore.ts) against the
// same state keeping every lead by id: the same operations give the same answers — each lead, every
// lead, an owner's leads, a search — except the order a walk lists them in, which the opt-in leaves
// open (compared here as sets).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryState, type Lead, type StateChange } from '../../src/index.js';
import { snapshot } from '../step/fixtures.js';

const AT = '2026-03-10T02:00:00.000Z';
const IDS = ['L0', 'L1', 'L2', 'L3', 'L4', 'L5', 'X9'];
/** L0–L5 are numbered 5, 4, … 0 (an order of their own); X9 is not; L5's number (0) … all below count 6. */
const numberOf = (id: string): number | undefined => {
  const i = ['L5', 'L4', 'L3', 'L2', 'L1', 'L0'].indexOf(id);
  return i < 0 ? undefined : i;
};

type Op = { op: 'upsert'; lead: Lead } | { op: 'forget'; id: string } | { op: 'apply'; change: StateChange } | { op: 'touch'; id: string; at: string };

const id = fc.constantFrom(...IDS);
const lead = fc.record(
  { id, company: fc.constantFrom('Acme', 'Beta'), ownerId: fc.constantFrom('r1', 'r2'), grade: fc.constantFrom('A', 'B') },
  { requiredKeys: ['id'], noNullPrototype: true },
) as fc.Arbitrary<Lead>;
const change: fc.Arbitrary<StateChange> = fc.oneof(
  fc.record({
    type: fc.constant('lead.assign' as const),
    leadId: id,
    repId: fc.constantFrom('r1', 'r2'),
    previousOwnerId: fc.constant(null),
    at: fc.constant(AT),
    nodeId: fc.constant('n'),
  }),
  fc.record({ type: fc.constant('lead.facts' as const), leadId: id, set: fc.record({ grade: fc.constantFrom('A', 'C') }) }),
  fc.record({
    type: fc.constant('lead.toPool' as const),
    leadId: id,
    poolId: fc.constant('hot'),
    previousOwnerId: fc.constant(null),
    at: fc.constant(AT),
    nodeId: fc.constant('n'),
  }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('upsert' as const), lead }),
  fc.record({ op: fc.constant('forget' as const), id }),
  fc.record({ op: fc.constant('apply' as const), change }),
  fc.record({ op: fc.constant('touch' as const), id, at: fc.constantFrom('2026-03-09T00:00:00.000Z', '2026-03-11T00:00:00.000Z') }),
);

function run(state: InMemoryState, o: Op): unknown {
  switch (o.op) {
    case 'upsert':
      return state.upsertLead(o.lead);
    case 'forget':
      return state.forgetLead(o.id);
    case 'apply':
      return state.apply([o.change]);
    case 'touch':
      return state.addActivity({ leadId: o.id, repId: 'r1', at: o.at, kind: 'call' });
  }
}

const byId = (a: Lead, b: Lead) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function answers(state: InMemoryState) {
  return {
    each: IDS.map((i) => state.lead(i)),
    all: state.allLeads(),
    owned: [...state.ownedLeads()].sort(byId),
    ownedBy: ['r1', 'r2'].map((r) => state.leadsOwnedBy(r)),
    found: [...state.findLeads({ company: 'Acme', companyBrand: 'Acme' })].sort(byId),
  };
}

describe('InMemoryState.numberLeads', () => {
  it('answers as the state that keeps every lead by id, op for op, in place or copied, clones too', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.boolean(), fc.integer({ min: 0, max: 30 }), (ops, inPlace, numberAt) => {
        const plain = InMemoryState.from(snapshot());
        const numbered = InMemoryState.from(snapshot());
        if (inPlace) {
          plain.editLeadsInPlace();
          numbered.editLeadsInPlace();
        }
        ops.forEach((o, k) => {
          // Numbered part-way through: leads stored by then move to their numbers.
          if (k === numberAt) numbered.numberLeads(numberOf, 6);
          expect(run(numbered, o)).toStrictEqual(run(plain, o));
          expect(answers(numbered)).toStrictEqual(answers(plain));
          // Once numbered, a lead is found by its number too, the very object its id finds.
          if (k >= numberAt) for (const i of IDS) if (numberOf(i) !== undefined) expect(numbered.numberedLead(numberOf(i)!)).toBe(numbered.lead(i));
        });
        if (numberAt >= ops.length) numbered.numberLeads(numberOf, 6);
        expect(answers(numbered)).toStrictEqual(answers(plain));
        expect(answers(numbered.clone())).toStrictEqual(answers(plain.clone()));
      }),
      { seed: 20261206, numRuns: 400 },
    );
  });

  it('a walk lists the leads kept by id in stored order, then the numbered ones by number', () => {
    // The owner index made from the leads when first asked: it walks them as they are listed.
    const state = InMemoryState.from({ ...snapshot(), leads: [] })
      .numberLeads(numberOf, 6)
      .indexOwnersOnDemand();
    for (const i of ['L0', 'X9', 'L4', 'L1']) state.upsertLead({ id: i, ownerId: 'r1' });
    // By number: L4 is 1, L1 is 4, L0 is 5.
    expect([...state.ownedLeads()].map((l) => l.id)).toEqual(['X9', 'L4', 'L1', 'L0']);
    expect(state.allLeads().map((l) => l.id)).toEqual(['L0', 'L1', 'L4', 'X9']);
  });

  it('a lead stored by id before its number was given is still found, and moves to its number when written', () => {
    const given = new Map<string, number>();
    const state = InMemoryState.from({ ...snapshot(), leads: [] }).numberLeads((i) => given.get(i), 4);
    state.upsertLead({ id: 'L7', company: 'Acme' });
    given.set('L7', 2);
    // Another look-up first: the state remembers the last lead it looked up.
    expect(state.lead('L8')).toBeUndefined();
    expect(state.lead('L7')).toStrictEqual({ id: 'L7', company: 'Acme' });
    // By number only once it moves there (written again).
    expect(state.numberedLead(2)).toBeUndefined();
    state.upsertLead({ id: 'L7', grade: 'A' });
    expect(state.lead('L7')).toStrictEqual({ id: 'L7', company: 'Acme', grade: 'A' });
    expect(state.numberedLead(2)).toBe(state.lead('L7'));
    expect(state.allLeads()).toHaveLength(1);
    expect(state.forgetLead('L7')).toBe(true);
    expect(state.lead('L7')).toBeUndefined();
    expect(state.allLeads()).toEqual([]);
  });
});
