import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, exampleCalendar, examplePolicy, exampleScenarios, exampleScenarioState, exampleTimeline, listExamples } from './index.js';

// The scenario manifest (scenarios.json) pairs every timeline with what it is played against; a
// timeline left out, or a name that points nowhere, would silently drop it from every consumer.
const scenarios = exampleScenarios();
const file = (folder: string, name: string) => join(EXAMPLES_DIR, folder, `${name}.json`);
const triggerEvents = (policy: string): string[] =>
  (examplePolicy(policy) as { nodes: Array<{ type: string; data?: { events?: string[] } }> }).nodes.find((n) => n.type === 'trigger')?.data?.events ?? [];
type Timeline = { policy?: string; state?: string; events: Array<{ id: string; type: string; data?: { poolId?: unknown } }> };

describe('examples/scenarios.json', () => {
  it('lists every timeline exactly once', () => {
    const listed = scenarios.map((s) => s.timeline);
    expect([...listed].sort()).toEqual(listExamples('timelines'));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.length).toBeGreaterThanOrEqual(29);
  });

  it.each(scenarios.map((s) => [s.timeline, s] as const))('%s: every name resolves to a file of the corpus', (_name, s) => {
    expect(existsSync(file('timelines', s.timeline)), s.timeline).toBe(true);
    expect(existsSync(file('states', s.state)), s.state).toBe(true);
    expect(s.policies.length).toBeGreaterThan(0);
    for (const p of s.policies) expect(existsSync(file('policies', p)), p).toBe(true);
    for (const c of s.calendars ?? []) expect(existsSync(file('calendars', c)), c).toBe(true);
    expect(s.title.en.trim()).not.toBe('');
    expect(s.title.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each(scenarios.map((s) => [s.timeline, s] as const))('%s: agrees with the policy and state the timeline names', (_name, s) => {
    const t = exampleTimeline(s.timeline) as Timeline;
    if (t.policy) expect(s.policies).toContain(t.policy);
    if (t.state) expect(s.state).toBe(t.state);
  });

  it.each(scenarios.map((s) => [s.timeline, s] as const))(
    '%s: a claim.requested no policy of it listens to names its pool (else nothing takes it)',
    (_name, s) => {
      const t = exampleTimeline(s.timeline) as Timeline;
      if (s.policies.some((p) => triggerEvents(p).includes('claim.requested'))) return;
      for (const e of t.events.filter((x) => x.type === 'claim.requested')) expect(e.data?.poolId, e.id).toEqual(expect.any(String));
    },
  );

  it('adds a listed calendar to the state once, keeping one the state already carries', () => {
    const s16 = scenarios.find((s) => s.timeline === 's16-working-days')!;
    expect(s16.calendars).toEqual(['cn-2026']);
    const state = exampleScenarioState(s16) as { calendars: unknown[] };
    expect(state.calendars).toEqual([exampleCalendar('cn-2026')]);
    const noCalendars = exampleScenarioState({ ...s16, state: 's16-owned-leads' }) as { calendars: Array<{ id: string }> };
    expect(noCalendars.calendars.map((c) => c.id)).toEqual(['cn-2026']);
    expect('calendars' in exampleScenarioState(scenarios.find((s) => s.timeline === 's01-new-leads')!)).toBe(false);
  });
});
