import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
export const exampleCalendarFeed = (name: string): string => readFileSync(join(EXAMPLES_DIR, 'calendars', `${name}.ics`), 'utf8');

export function listExamples(folder: 'policies' | 'states' | 'timelines' | 'calendars'): string[] {
  return readdirSync(join(EXAMPLES_DIR, folder))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}
