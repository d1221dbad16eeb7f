// The step's and the decision's lean structures against the plain ways they replace: the decided
// event (a spread, not a rest copy), the fact changes (applied through one reused list of one),
// a decision's unslotted facts (two fields before a map) and the lead book's in-place assignment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, eventAsDecided, InMemoryState, step, type Lead, type StateChange, type StepEvent, type WorkingState } from '../../src/index.js';
import { DecisionRun } from '../../src/runtime/run.js';
import { factChangesFor } from '../../src/step/facts.js';
import { grader, router, snapshot } from './fixtures.js';

const AT = '2026-03-10T02:00:00.000Z';

/** What eventAsDecided made before: a rest copy without the sent lead, the stored lead set last. */
function plainDecided(event: StepEvent, state: InMemoryState): unknown {
  const leadId = event.lead?.id ?? event.leadId;
  const { lead: _sent, ...rest } = event;
  const current = leadId ? state.lead(leadId) : undefined;
  if (current) (rest as Record<string, unknown>).lead = current;
  return rest;
}

describe('eventAsDecided', () => {
  it('gives the fields the rest copy gave, the stored lead itself as its lead, and leaves the event alone', () => {
    const id = fc.constantFrom('L1', 'L2', 'L9');
    const event = fc.record(
      {
        id: fc.constant('e1'),
        type: fc.constantFrom('lead.created', 'lead.updated', 'activity.logged', 'tick'),
        at: fc.constant(AT),
        leadId: id,
        repId: fc.constantFrom('r1', 'r2'),
        lead: fc.record({ id, company: fc.string({ maxLength: 4 }) }, { requiredKeys: ['id'], noNullPrototype: true }),
        data: fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2, noNullPrototype: true }),
      },
      { requiredKeys: ['id', 'type', 'at'], noNullPrototype: true },
    );
    fc.assert(
      fc.property(event, fc.boolean(), (e, storeL2) => {
        const state = InMemoryState.from(snapshot());
        if (storeL2) state.upsertLead({ id: 'L2', company: 'Beta' });
        const sent = e as StepEvent;
        const before = structuredClone(sent);
        const decided = eventAsDecided(sent, state);
        expect(decided).toStrictEqual(plainDecided(sent, state));
        expect(decided).not.toBe(sent);
        const stored = state.lead(sent.lead?.id ?? sent.leadId ?? '');
        if (stored) expect(decided.lead).toBe(stored);
        expect(sent).toStrictEqual(before);
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });
});

describe('eventAsDecided, a `lead` key with nothing in it', () => {
  it('is left out, as the rest copy left it out', () => {
    const state = InMemoryState.from(snapshot());
    const event = { id: 'e1', type: 'tick', at: AT, leadId: 'L9', lead: undefined } as unknown as StepEvent;
    expect(Object.keys(eventAsDecided(event, state))).toStrictEqual(['id', 'type', 'at', 'leadId']);
    expect(eventAsDecided(event, state)).toStrictEqual(plainDecided(event, state));
  });
});

/** A working state that records every list it is handed (as it was then) before applying it. */
function recording(state: InMemoryState): WorkingState & Pick<InMemoryState, 'allLeads'> & { calls: StateChange[][] } {
  const calls: StateChange[][] = [];
  return Object.assign(Object.create(state) as InMemoryState, {
    calls,
    apply(changes: readonly StateChange[]) {
      calls.push([...changes]);
      state.apply(changes);
    },
  });
}

describe('factChangesFor', () => {
  const events: Array<[string, Record<string, unknown>, number]> = [
    [
      'a download with the CRM’s own total: its data only',
      { type: 'activity.logged', leadId: 'L1', activity: { kind: 'download' }, lead: { id: 'L1', downloads: 3 } },
      1,
    ],
    ['a download counted on the lead', { type: 'activity.logged', leadId: 'L1', activity: { kind: 'download' } }, 1],
    ['a follow-up', { type: 'activity.logged', leadId: 'L1', activity: { kind: 'call' } }, 1],
    ['a won deal: its facts, then the load settle', { type: 'deal.won', leadId: 'L1' }, 2],
    ['a lead the CRM says is owned, with a touch', { type: 'activity.logged', lead: { id: 'L5', ownerId: 'r2' }, activity: { kind: 'call' } }, 3],
    ['a closed lead the CRM says is owned', { type: 'deal.lost', lead: { id: 'L6', ownerId: 'r2' } }, 4],
  ];
  for (const [what, fields, n] of events) {
    it(`${what}: each change applied once, alone, in order; the answer lists them all at their length`, () => {
      const state = recording(InMemoryState.from(snapshot()));
      const event = { id: 'e1', at: AT, ...fields } as StepEvent;
      const leadId = (event.lead?.id ?? event.leadId)!;
      const changes = factChangesFor(state, event, leadId, state.lead(leadId));
      expect(changes).toHaveLength(n);
      expect(state.calls.every((list) => list.length === 1)).toBe(true);
      expect(state.calls.map((list) => list[0])).toStrictEqual(changes);
      // Recorded on a second state by the plain path: the same changes give the same state.
      const plain = InMemoryState.from(snapshot());
      plain.apply(changes);
      expect(plain.allLeads()).toStrictEqual(state.allLeads());
      expect(plain.openLoad('r1')).toBe(state.openLoad('r1'));
      expect(plain.openLoad('r2')).toBe(state.openLoad('r2'));
    });
  }
});

describe('a decision’s unslotted facts', () => {
  it('answer as a map of them would, whichever path comes first or again', () => {
    const path = fc.constantFrom('outcome.a', 'outcome.b', 'x.one', 'x.two', 'lead.company');
    const op = fc.oneof(fc.record({ set: path, value: fc.oneof(fc.integer(), fc.constant(undefined), fc.string({ maxLength: 2 })) }), fc.record({ get: path }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const state = InMemoryState.from(snapshot());
        const event = { id: 'e1', type: 'lead.created', at: AT, leadId: 'L1' } as const;
        const run = new DecisionRun(router, event, state, Date.parse(AT), { explain: false });
        // The model: what is set is read back; a path never set reads from the lead (or nothing).
        const model = new Map<string, unknown>();
        for (const o of ops) {
          if ('set' in o) {
            run.setFact(o.set, o.value);
            model.set(o.set, o.value);
          } else {
            const expected = model.has(o.get) ? model.get(o.get) : o.get === 'lead.company' ? 'Acme' : undefined;
            expect(run.fact(o.get)).toBe(expected);
            model.set(o.get, expected);
          }
        }
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });
});

describe('the lead book’s in-place writes', () => {
  it('leave every lead as the copying state does, field order included', () => {
    const id = fc.constantFrom('L1', 'L2', 'L3');
    const rep = fc.constantFrom('r1', 'r2', null);
    const change: fc.Arbitrary<StateChange> = fc.oneof(
      fc.record({
        type: fc.constant('lead.assign'),
        leadId: id,
        repId: fc.constantFrom('r1', 'r2'),
        previousOwnerId: rep,
        at: fc.constant(AT),
        nodeId: fc.constant('n'),
      }),
      fc.record({
        type: fc.constant('lead.toPool'),
        leadId: id,
        poolId: fc.constantFrom('hot', 'cold'),
        previousOwnerId: rep,
        at: fc.constant(AT),
        nodeId: fc.constant('n'),
      }),
      fc.record({ type: fc.constant('lead.queue'), leadId: id, queueId: fc.constant('q'), nodeId: fc.constant('n'), at: fc.constant(AT) }),
      fc.record({
        type: fc.constant('lead.facts'),
        leadId: id,
        set: fc.record({ score: fc.integer(), company: fc.string({ maxLength: 2 }), grade: fc.constant('A') }, { requiredKeys: [] }),
      }),
      fc.record({
        type: fc.constant('lead.reported'),
        leadId: id,
        set: fc.record({ lastActivityAt: fc.constant(AT), status: fc.constant('won') }, { requiredKeys: [] }),
      }),
      fc.record({
        type: fc.constant('lead.upsert'),
        lead: fc.record({ id, region: fc.constantFrom('east', 'west'), ownerId: fc.constantFrom('r1', 'r2') }, { requiredKeys: ['id'] }),
      }),
    ) as fc.Arbitrary<StateChange>;
    const leads = (s: InMemoryState) => JSON.stringify(s.allLeads(), (_k, v: unknown) => (v === undefined ? '<undefined>' : v));
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), fc.boolean(), (changes, onDemand) => {
        const copying = InMemoryState.from(snapshot());
        const edited = InMemoryState.from(snapshot()).editLeadsInPlace();
        if (onDemand) edited.indexOwnersOnDemand();
        for (const c of changes) {
          copying.apply([c]);
          edited.apply([c]);
          expect(leads(edited)).toBe(leads(copying));
        }
        for (const r of ['r1', 'r2']) expect(edited.leadsOwnedBy(r).map((l: Lead) => l.id)).toStrictEqual(copying.leadsOwnedBy(r).map((l: Lead) => l.id));
      }),
      { seed: 20261206, numRuns: 400 },
    );
  });
});

describe('an unexplained decision’s empty walk and summary', () => {
  it('are one frozen pair shared by every such decision; an explained one has its own', () => {
    const state = InMemoryState.from(snapshot());
    const event = { id: 'e1', type: 'lead.created', at: AT, lead: { id: 'L7' } } as const;
    const [a, b] = [decide(router, event, state, AT, { explain: false }), decide(router, event, state, AT, { explain: false })];
    expect(a.explanation.summary).toBe(b.explanation.summary);
    expect(a.explanation.visited).toBe(b.explanation.visited);
    expect(a.explanation.summary).toStrictEqual({ en: '', zh: '' });
    expect(a.explanation.visited).toStrictEqual([]);
    expect(Object.isFrozen(a.explanation.summary) && Object.isFrozen(a.explanation.visited)).toBe(true);
    const explained = decide(router, event, state, AT);
    expect(Object.isFrozen(explained.explanation.summary)).toBe(false);
    expect(explained.explanation.summary.en).not.toBe('');
    expect(Object.keys(explained.explanation)).toStrictEqual(Object.keys(a.explanation));
  });
});

/** Round robin over the snapshot's reps: a pointer move and an assignment, two changes a decision. */
const turns = (() => {
  const at = { x: 0, y: 0 };
  const r = compilePolicy({
    key: 'turns',
    kind: 'routing',
    name: 'turns',
    trigger: { events: ['lead.created'] },
    nodes: [
      { id: 'start', type: 'trigger', position: at, data: { events: ['lead.created'] } },
      { id: 'rr', type: 'assign.roundRobin', position: at, data: {} },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'rr' }],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
})();

describe('a step’s changes', () => {
  it('are its facts, then each decision’s changes in run order, in a list of the step’s own', () => {
    fc.assert(
      fc.property(fc.subarray([grader, router, turns]), fc.boolean(), fc.boolean(), (policies, known, company) => {
        const state = InMemoryState.from(snapshot());
        const lead = { id: known ? 'L1' : 'L8', ...(company ? { company: 'Acme' } : {}) };
        const r = step({ policies, state, event: { id: 'e1', type: 'lead.created', at: AT, lead }, now: AT, explain: false });
        if (!r.ok) throw new Error('refused');
        const decided = r.decisions.flatMap((d) => d.changes);
        const facts = r.changes.slice(0, r.changes.length - decided.length);
        expect(facts.map((c) => c.type)).toStrictEqual(['lead.upsert']);
        expect(r.changes.slice(facts.length)).toStrictEqual(decided);
        for (const d of r.decisions) expect(r.changes).not.toBe(d.changes);
      }),
      { seed: 20261206, numRuns: 50 },
    );
  });
});
