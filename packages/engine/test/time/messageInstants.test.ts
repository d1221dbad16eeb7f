import { examplePolicy, exampleScenarioState, exampleScenarios, exampleTimeline } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { compilePolicy, InMemoryState, localStamp, localStampOf, step, type StepEvent } from '../../src/index.js';

/**
 * Messages a person reads show an instant on the tenant's wall clock ("2026-03-10 09:00"), never as
 * the UTC text a machine reads ("2026-03-10T01:00:00.000Z"); the fields of detail, actions and
 * changes stay ISO. One formatter does it everywhere (types/localTime.ts).
 */
describe('localStamp: an instant as a message shows it', () => {
  it('is the wall clock of the zone, to the minute', () => {
    const ms = Date.parse('2026-03-10T01:00:00.000Z');
    expect(localStamp(ms, 'Asia/Shanghai')).toBe('2026-03-10 09:00');
    expect(localStamp(ms, 'UTC')).toBe('2026-03-10 01:00');
    // New York is on daylight time from 8 March 2026 (UTC−4).
    expect(localStamp(ms, 'America/New_York')).toBe('2026-03-09 21:00');
    expect(localStamp(Date.parse('2026-03-01T01:00:00Z'), 'America/New_York')).toBe('2026-02-28 20:00');
  });

  it('adds seconds, and milliseconds, only when asked and only when the instant has them', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(localStamp(at('2026-03-02T01:00:00Z'), 'Asia/Shanghai', true)).toBe('2026-03-02 09:00');
    expect(localStamp(at('2026-03-02T00:59:59Z'), 'Asia/Shanghai', true)).toBe('2026-03-02 08:59:59');
    expect(localStamp(at('2026-03-02T00:59:59.250Z'), 'Asia/Shanghai', true)).toBe('2026-03-02 08:59:59.250');
    expect(localStamp(at('2026-03-02T00:59:59.250Z'), 'Asia/Shanghai')).toBe('2026-03-02 08:59');
  });

  it('reads ISO text with any offset, and leaves text that is no instant as it is', () => {
    expect(localStampOf('2026-03-02T10:00:00+08:00', 'Asia/Shanghai')).toBe('2026-03-02 10:00');
    expect(localStampOf('2026-03-02T10:00:00+08:00', 'Europe/London')).toBe('2026-03-02 02:00');
    expect(localStampOf('not a time', 'Asia/Shanghai')).toBe('not a time');
  });
});

/** Every `{ en, zh }` text in a value (notes, notify messages, summaries, refusals, tick summaries). */
function texts(value: unknown, out: Array<{ en: string; zh: string }> = []): Array<{ en: string; zh: string }> {
  if (Array.isArray(value)) for (const v of value) texts(v, out);
  else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.en === 'string' && typeof o.zh === 'string') out.push({ en: o.en, zh: o.zh });
    else for (const v of Object.values(o)) texts(v, out);
  }
  return out;
}

const ISO_TEXT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** English the engine writes that once leaked into Chinese messages (a stored penalty reason). */
const ENGINE_ENGLISH = /hoarding|idle >|fast first contact|claims in|followed up/;

describe('no message of any example scenario shows a raw instant', () => {
  it.each(exampleScenarios().map((s) => [s.timeline, s] as const))('%s', (_name, scenario) => {
    const policies = scenario.policies.map((name) => {
      const r = compilePolicy(examplePolicy(name));
      if (!r.ok) throw new Error(`${name} does not compile`);
      return r.policy;
    });
    const state = InMemoryState.from(exampleScenarioState(scenario));
    const events = (exampleTimeline(scenario.timeline) as { events: StepEvent[] }).events;
    const said: Array<{ en: string; zh: string }> = [];
    for (const event of events) {
      const r = step({ policies, state, event, now: Date.parse(event.at) });
      if (!r.ok) texts([r.refusal.message, r.refusal.detail, r.refusal.errors], said);
      else texts([r.decisions.map((d) => [d.explanation, d.actions]), r.ticks?.map((t) => t.summary)], said);
    }
    expect(said.length).toBeGreaterThan(0);
    expect(said.filter((t) => ISO_TEXT.test(t.en) || ISO_TEXT.test(t.zh))).toEqual([]);
    expect(said.filter((t) => ENGINE_ENGLISH.test(t.zh))).toEqual([]);
  });
});
