import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEMPLATES } from './templates/index.js';

/** The one fixture corpus: policies, states and event timelines shared by every test and benchmark. */
export const EXAMPLES_DIR = dirname(fileURLToPath(import.meta.url));

function load(folder: string, name: string): unknown {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, folder, name.endsWith('.json') ? name : `${name}.json`), 'utf8'));
}

export const examplePolicy = (name: string) => load('policies', name);
export const exampleState = (name: string) => load('states', name);
export const exampleTimeline = (name: string) => load('timelines', name);
/** A working-day calendar (holidays, make-up days) as JSON, and the same calendar as an iCalendar feed. */
export const exampleCalendar = (name: string) => load('calendars', name);
/** A smart-score model document (sluice.scoreModel/1), as the server stores a published version. */
export const exampleModel = (name: string) => load('models', name);
export const exampleCalendarFeed = (name: string): string => readFileSync(join(EXAMPLES_DIR, 'calendars', `${name}.ics`), 'utf8');

export function listExamples(folder: 'policies' | 'states' | 'timelines' | 'calendars' | 'models'): string[] {
  return readdirSync(join(EXAMPLES_DIR, folder))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * One scenario of the corpus: a timeline with the policies, state and calendars it is played
 * against (`examples/scenarios.json`). A timeline file names one policy and its state at most; this
 * is the whole pairing (every live policy, added calendars) the scenario tests, the differential
 * test, the simulator and the policy tests share.
 */
export interface ExampleScenario {
  timeline: string;
  /** Example policies live together while the timeline plays (run order is the engine's). */
  policies: string[];
  state: string;
  /** Example calendars the scenario needs besides those the state carries. */
  calendars?: string[];
  title: { en: string; zh: string };
}

export function exampleScenarios(): ExampleScenario[] {
  return (load('.', 'scenarios') as { scenarios: ExampleScenario[] }).scenarios;
}

/** The scenario's state with its calendars added (a calendar the state already carries is kept as it is). */
export function exampleScenarioState(scenario: ExampleScenario): Record<string, unknown> {
  const state = structuredClone(exampleState(scenario.state)) as Record<string, unknown> & { calendars?: Array<{ id: string }> };
  const have = new Set((state.calendars ?? []).map((c) => c.id));
  const more = (scenario.calendars ?? []).filter((id) => !have.has(id)).map((id) => exampleCalendar(id) as { id: string });
  if (more.length > 0 || state.calendars) state.calendars = [...(state.calendars ?? []), ...more];
  return state;
}

export { TEMPLATES, type ExampleTemplate } from './templates/index.js';
/** The templates of examples/templates (new policy from a template, the demo data), simplest first; a copy the caller may change. */
export const exampleTemplates = () => structuredClone(TEMPLATES);
