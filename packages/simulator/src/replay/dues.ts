import type { DueClock, Lead, StateView } from '@sluice/engine';
import type { Calendar } from './calendar.js';
import type { Compiled } from './setup.js';
import type { Tracks } from './tracks.js';
import { type Bookings, leadTickItem, REP_TICK } from './bookings.js';

/**
 * When each lead and each rep is next ticked: the engine's next due (a lower bound) booked on the
 * replay calendar, never a scan of the clock. A lead's own tick runs its lead-scoped tick policies;
 * per-rep policies (penalties) tick the reps who hold or claimed a due lead. A due already past
 * means "at once", except for a subject just ticked without resolving it (a hoarding window, a
 * clockless effect): that one waits `recheckMs`, so a loose bound costs ticks, never a loop.
 */
export class Dues {
  private readonly repBooked = new Map<string, number>();
  private readonly repLastTick = new Map<string, number>();

  constructor(
    private readonly compiled: Compiled,
    /** With `rebooking` (ReplayState): told which lead the clocks ask about, so it may answer its dates as numbers. */
    private readonly state: StateView & { rebooking?(n: number, lead: Lead | undefined): void },
    private readonly calendar: Calendar,
    private readonly bookings: Bookings,
    private readonly tracks: Tracks,
    private readonly recheckMs: number,
  ) {}

  /** Books lead `t`'s next tick, and its reps' ticks, as the lead now stands. */
  rebook(t: number, lead: Lead, nowMs: number): void {
    const tracks = this.tracks;
    const state = this.state;
    state.rebooking?.(t, lead);
    const due = earliestDue(this.compiled.leadClocks, lead, state);
    // Only while this lead's clocks ask: a lead object kept after its next change is not its state then.
    state.rebooking?.(-1, undefined);
    if (due === undefined) {
      if (tracks.booked(t)) {
        tracks.setDueAt(t, Number.NaN);
        this.calendar.remove(tracks.tickSlot(t));
      }
    } else {
      const last = tracks.lastTickAt(t);
      const at = this.notBefore(due, nowMs, Number.isNaN(last) ? undefined : last);
      if (tracks.dueAt(t) !== at) {
        // Moved, it goes after whatever is booked for the new instant, as a fresh booking would.
        if (!tracks.booked(t)) this.calendar.book(at, leadTickItem(t));
        else this.calendar.move(tracks.tickSlot(t), at);
        tracks.setDueAt(t, at);
      }
    }
    if (this.compiled.repClocks.length === 0) return;
    const repDue = this.repDue(lead);
    if (repDue === undefined) return;
    const reps = new Set<string>();
    if (lead.ownerId) reps.add(lead.ownerId);
    for (const o of this.state.ownershipHistory(lead.id)) if (o.via === 'claimed') reps.add(o.repId);
    for (const repId of reps) {
      const at = this.notBefore(repDue, nowMs, this.repLastTick.get(repId));
      const booked = this.repBooked.get(repId);
      if (booked !== undefined && booked <= at) continue;
      this.repBooked.set(repId, at);
      this.calendar.book(at, this.bookings.add(REP_TICK, -1, 0, repId));
    }
  }

  /**
   * A rep's booked tick comes up: the leads it concerns, and whether any is due now. A booking
   * made for a lead that has since moved on (followed up in time, closed, given away) is not.
   */
  repTick(repId: string, nowMs: number): { due: boolean; related: string[] } | undefined {
    if (this.repBooked.get(repId) !== nowMs) return undefined;
    this.repBooked.delete(repId);
    const related = new Set<string>();
    for (const l of this.state.leadsOwnedBy(repId)) related.add(l.id);
    for (const o of this.state.ownershipsOf(repId)) related.add(o.leadId);
    const leads = [...related];
    const due = earliest(leads.map((id) => this.repDue(this.state.lead(id)!)));
    const now = due !== undefined && due <= nowMs;
    if (now) this.repLastTick.set(repId, nowMs);
    return { due: now, related: leads };
  }

  private repDue(lead: Lead): number | undefined {
    return earliestDue(this.compiled.repClocks, lead, this.state);
  }

  private notBefore(due: number, nowMs: number, lastTick: number | undefined): number {
    if (due > nowMs) return due;
    return lastTick === undefined ? nowMs : Math.max(nowMs, lastTick + this.recheckMs);
  }
}

/** The earliest of the clocks' dues for the lead (a loop, not an array per call: this runs after every step). */
function earliestDue(clocks: readonly DueClock[], lead: Lead, state: StateView): number | undefined {
  let best: number | undefined;
  for (const c of clocks) {
    const v = c.due(lead, state);
    if (v !== undefined && (best === undefined || v < best)) best = v;
  }
  return best;
}

function earliest(values: ReadonlyArray<number | undefined>): number | undefined {
  let best: number | undefined;
  for (const v of values) if (v !== undefined && (best === undefined || v < best)) best = v;
  return best;
}
