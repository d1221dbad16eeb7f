import {
  claimedPool,
  compilePolicy,
  EVENT_TYPES,
  eventSchema,
  FACT_ONLY_EVENT_TYPES,
  MANUAL_EVENT_TYPES,
  stateSnapshotSchema,
  stepKind,
  type CompiledPolicy,
  type StateSnapshot,
  type StepEvent,
} from '@sluice/engine';
import { z } from 'zod';
import { examplePolicy, exampleScenarioState, exampleTimeline, type ExampleScenario } from '@sluice/examples';

/** A scenario of examples/scenarios.json, loaded once for both sides. */
export interface Loaded {
  scenario: ExampleScenario;
  /** The events as the CRM sends them (the server parses these itself)… */
  raw: Array<Record<string, unknown> & { id: string; type: string; at: string }>;
  /** …and as the engine's schema parses them, for step(). */
  events: StepEvent[];
  /** The state parsed once: InMemoryState.from and the server's rows start from these values. */
  snapshot: StateSnapshot;
  policies: CompiledPolicy[];
}

/** What step() takes: an engine event, a fact-only one or a person's request (release, manual assignment). */
const stepEventSchema = eventSchema.extend({ type: z.enum([...EVENT_TYPES, ...FACT_ONLY_EVENT_TYPES, ...MANUAL_EVENT_TYPES]) });
export const parseStepEvent = (e: unknown): StepEvent => stepEventSchema.parse(e) as StepEvent;

/** The version each example policy is published as on the server, and compiled as for step(). */
export const PUBLISHED_VERSION = 1;

export function loadScenario(scenario: ExampleScenario): Loaded {
  const raw = (exampleTimeline(scenario.timeline) as { events: Loaded['raw'] }).events;
  const policies = scenario.policies.map((name) => {
    // As published: the server's fixtures make each example live as version 1 (fixtures.ts).
    const r = compilePolicy({ ...(examplePolicy(name) as object), version: PUBLISHED_VERSION });
    if (!r.ok) throw new Error(`${name} does not compile: ${JSON.stringify(r.errors)}`);
    return r.policy;
  });
  return { scenario, raw, events: raw.map(parseStepEvent), snapshot: asStored(stateSnapshotSchema.parse(exampleScenarioState(scenario))), policies };
}

/**
 * The snapshot as the server would load it back: instants it keeps in timestamp columns
 * (ownership from / to, activity times) come back canonical (`…T01:00:00.000Z`, build.ts), while
 * a state file may write `…T01:00:00Z`. Same instants; but explanations quote them as stored, so
 * step() is given them as the server holds them. (Instants inside JSON — lead fields, penalties,
 * records — are kept as written on both sides.)
 */
function asStored(s: StateSnapshot): StateSnapshot {
  const iso = (v: string) => new Date(v).toISOString();
  return {
    ...s,
    ownership: s.ownership.map((o) => ({ ...o, from: iso(o.from), ...(o.to ? { to: iso(o.to) } : {}) })),
    activities: s.activities.map((a) => ({ ...a, at: iso(a.at) })),
  };
}

/**
 * How a CRM hands an event to the server, by what step() makes of it (the engine's stepKind, so
 * both sides agree): a claim.requested naming a pool is a claim (POST /v1/pools/{pool}/claim), a
 * release.requested / assign.requested a person's request (POST /v1/leads/{id}/release|assign), a
 * tick about no lead or rep the scheduler's pass; anything else goes to POST /v1/events.
 */
export type Delivery = 'event' | 'scheduled-tick' | ManualDelivery;
/** Requests a person makes, decided by fixed rules: each is refused or becomes its own record. */
export type ManualDelivery = 'pool-claim' | 'release' | 'assign';

export function deliveryOf(e: StepEvent): Delivery {
  const kind = stepKind(e);
  return kind === 'claim' ? 'pool-claim' : kind === 'tick' ? 'scheduled-tick' : kind;
}

export const isManual = (d: Delivery): d is ManualDelivery => d === 'pool-claim' || d === 'release' || d === 'assign';

/** The pool a claim names. */
export const poolOf = (e: Pick<StepEvent, 'type' | 'data'>): string => claimedPool(e)!;

/** What one timeline event came to, on either side, before normalising. */
export type Outcome =
  | {
      index: number;
      eventId: string;
      delivery: Delivery;
      refused: { status: number; message: { en: string; zh: string }; errors: Array<{ path: string; en: string; zh: string }> };
    }
  | { index: number; eventId: string; delivery: Delivery; decisions: unknown[] }
  | {
      index: number;
      eventId: string;
      delivery: ManualDelivery;
      manual: { ok: true; record: unknown } | { ok: false; status: number; code: string; message: null; reason: unknown };
    };
