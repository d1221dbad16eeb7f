/**
 * StateView.leadInstantMs: the reclaim due clock takes a lead's ownedSince and lastActivityAt as
 * numbers from a state that offers them (without reading the text), and parses the text itself
 * where the state answers NaN. Checked by hand on s16 (7 days without follow-up) and by planting
 * numbers the text does not hold: the clock must follow the state's number, so a state's wrong
 * number would show, and a state that does not know must change nothing.
 */
import { describe, expect, it } from 'vitest';
import { examplePolicy, exampleState } from '@sluice/examples';
import { compilePolicy, InMemoryState, nextDueAt, type CompiledPolicy, type Lead, type StateSnapshotInput, type StateView } from '../../src/index.js';

function compiled(doc: unknown): CompiledPolicy {
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}
const ms = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;

/** The state, answering leadInstantMs from `numbers` (NaN for a field it does not list), counting the questions. */
function answering(state: InMemoryState, numbers: Partial<Record<'ownedSince' | 'createdAt' | 'lastActivityAt', number>>) {
  const asked: string[] = [];
  const view = Object.create(state) as StateView;
  view.leadInstantMs = (lead: Lead, field, text) => {
    asked.push(`${lead.id}.${field}=${text}`);
    return numbers[field] ?? Number.NaN;
  };
  return { view, asked };
}

describe('the reclaim due clock and StateView.leadInstantMs', () => {
  const plain = compiled(examplePolicy('s16-reclaim-rules'));
  const state = InMemoryState.from(structuredClone(exampleState('s18-reminders')) as StateSnapshotInput);
  const lead = state.lead('L-1801')!;
  // s18's L-1801: last follow-up 03-02 02:00 → reclaimed 7 days on, 03-09 02:00.
  const parsed = ms('2026-03-09T02:00:00Z');

  it('a state that knows nothing: the texts are parsed, the same due', () => {
    const { view, asked } = answering(state, {});
    expect(nextDueAt([plain], lead, view)).toBe(parsed);
    expect(nextDueAt([plain], lead, state)).toBe(parsed);
    expect(asked).toContain(`L-1801.lastActivityAt=${lead.lastActivityAt}`);
    expect(asked.some((q) => q.startsWith(`L-1801.${lead.ownedSince !== undefined ? 'ownedSince' : 'createdAt'}=`))).toBe(true);
  });

  it("the state's number is taken instead of the text", () => {
    // A touch a day later than the text says: due a day later.
    const later = answering(state, { lastActivityAt: ms('2026-03-03T02:00:00Z') });
    expect(nextDueAt([plain], lead, later.view)).toBe(parsed + DAY);
    // A start after the last touch: the clock counts from the start (the later of the two).
    const field = lead.ownedSince !== undefined ? 'ownedSince' : 'createdAt';
    const started = answering(state, { [field]: ms('2026-03-05T00:00:00Z') });
    expect(nextDueAt([plain], lead, started.view)).toBe(ms('2026-03-12T00:00:00Z'));
  });
});
