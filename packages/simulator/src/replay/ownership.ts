import type { OwnershipRecord, StateChange } from '@sluice/engine';
import { slots as emptyColumn } from './arrays.js';
import { Interned } from './interned.js';

const NONE = -1;
const EMPTY: readonly OwnershipRecord[] = Object.freeze([]);

type Change<T extends StateChange['type']> = Extract<StateChange, { type: T }>;

/**
 * Who held each lead, as rows of numbers instead of the engine state's record objects: an object,
 * a list and a map entry per lead were ~0.15 KB a lead, held to the end of a million-lead replay.
 * A row is the rep, how it began, why it ended (parallel typed arrays), its instants' text (the
 * change's own strings, shared with the events: no copy, exactly what the engine would store) and
 * the next row of the same lead and of the same rep. It follows the same changes the engine's lead
 * book does (lead.assign ends the previous owner's open record as 'reassigned' and starts one;
 * lead.toPool ends it with the change's reason) and makes records on demand, field for field and
 * in the order the engine's would be.
 */
export class OwnershipRows {
  private readonly reps = new Interned();
  private readonly words = new Interned();
  /** The first and last row of each lead by its slot, and of each rep by its interned number. */
  private leadHead: Int32Array;
  private leadTail: Int32Array;
  private repHead = new Int32Array(64).fill(NONE);
  private repTail = new Int32Array(64).fill(NONE);
  private repOf: Int32Array;
  private viaOf: Int32Array;
  private reasonOf: Int32Array;
  private nextOfLead: Int32Array;
  private nextOfRep: Int32Array;
  private readonly from: string[];
  private readonly to: Array<string | undefined>;
  /** Each row's lead id (the change's string), for a rep's records. */
  private readonly leadOf: string[];
  private rows = 0;
  /** A rep's records as last made, until one of them changes (hoarding and claim limits read them per decision). */
  private readonly byRep = new Map<number, readonly OwnershipRecord[]>();

  constructor(slots: number, expected: number) {
    this.leadHead = new Int32Array(slots).fill(NONE);
    this.leadTail = new Int32Array(slots).fill(NONE);
    const rows = Math.max(1024, Math.ceil(expected));
    this.repOf = new Int32Array(rows);
    this.viaOf = new Int32Array(rows);
    this.reasonOf = new Int32Array(rows);
    this.nextOfLead = new Int32Array(rows);
    this.nextOfRep = new Int32Array(rows);
    // Written by row (a row past them appends): made at the expected size, as the typed columns are.
    this.from = emptyColumn<string>(rows) as string[];
    this.to = emptyColumn<string>(rows);
    this.leadOf = emptyColumn<string>(rows) as string[];
  }

  /** As the engine's lead book: the previous owner's open record ends ('reassigned'), the new one starts. */
  assign(slot: number, c: Change<'lead.assign'>): void {
    this.end(slot, c.previousOwnerId, c.at, 'reassigned');
    this.start(slot, c.leadId, c.repId, c.at, c.via ?? 'assigned');
  }

  toPool(slot: number, c: Change<'lead.toPool'>): void {
    this.end(slot, c.previousOwnerId, c.at, c.reason ?? 'reclaimed');
  }

  /** The lead's records, oldest first. */
  ofLead(slot: number, leadId: string): readonly OwnershipRecord[] {
    let row = slot < this.leadHead.length ? this.leadHead[slot]! : NONE;
    if (row === NONE) return EMPTY;
    const out: OwnershipRecord[] = [];
    for (; row !== NONE; row = this.nextOfLead[row]!) out.push(this.record(row, leadId));
    return out;
  }

  /** The records a rep started, in the order they began. */
  ofRep(repId: string): readonly OwnershipRecord[] {
    const r = this.reps.find(repId);
    if (r === undefined || r >= this.repHead.length || this.repHead[r] === NONE) return EMPTY;
    const cached = this.byRep.get(r);
    if (cached) return cached;
    const out: OwnershipRecord[] = [];
    for (let row = this.repHead[r]!; row !== NONE; row = this.nextOfRep[row]!) out.push(this.record(row, this.leadOf[row]!));
    this.byRep.set(r, out);
    return out;
  }

  private record(row: number, leadId: string): OwnershipRecord {
    // The engine's record: { leadId, repId, from, via } made at the start, `to` and `endReason` added when it ends.
    const o: OwnershipRecord = {
      leadId,
      repId: this.reps.at(this.repOf[row]!),
      from: this.from[row]!,
      via: this.words.at(this.viaOf[row]!) as OwnershipRecord['via'],
    };
    const to = this.to[row];
    if (to !== undefined) {
      o.to = to;
      o.endReason = this.words.at(this.reasonOf[row]!) as OwnershipRecord['endReason'];
    }
    return o;
  }

  private start(slot: number, leadId: string, repId: string, at: string, via: string): void {
    const row = this.rows++;
    if (row === this.repOf.length) this.grow();
    this.ensureSlot(slot);
    const r = this.reps.of(repId);
    if (r >= this.repHead.length) {
      const size = Math.max(r + 1, this.repHead.length * 2);
      this.repHead = widened(this.repHead, size, NONE);
      this.repTail = widened(this.repTail, size, NONE);
    }
    this.repOf[row] = r;
    this.viaOf[row] = this.words.of(via);
    this.reasonOf[row] = NONE;
    this.from[row] = at;
    this.to[row] = undefined;
    this.leadOf[row] = leadId;
    this.nextOfLead[row] = NONE;
    this.nextOfRep[row] = NONE;
    if (this.leadTail[slot] === NONE) this.leadHead[slot] = row;
    else this.nextOfLead[this.leadTail[slot]!] = row;
    this.leadTail[slot] = row;
    if (this.repTail[r] === NONE) this.repHead[r] = row;
    else this.nextOfRep[this.repTail[r]!] = row;
    this.repTail[r] = row;
    this.byRep.delete(r);
  }

  /** Ends the lead's last open record of `repId` (the engine's findLast), if there is one. */
  private end(slot: number, repId: string | null, at: string, reason: string): void {
    if (!repId || slot >= this.leadHead.length) return;
    const r = this.reps.find(repId);
    if (r === undefined) return;
    let open = NONE;
    for (let row = this.leadHead[slot]!; row !== NONE; row = this.nextOfLead[row]!) if (this.repOf[row] === r && this.to[row] === undefined) open = row;
    if (open === NONE) return;
    this.to[open] = at;
    this.reasonOf[open] = this.words.of(reason);
    this.byRep.delete(r);
  }

  private ensureSlot(slot: number): void {
    if (slot < this.leadHead.length) return;
    const size = Math.max(slot + 1, this.leadHead.length * 2);
    this.leadHead = widened(this.leadHead, size, NONE);
    this.leadTail = widened(this.leadTail, size, NONE);
  }

  private grow(): void {
    // By half again, not double: at a million leads these are among the replay's largest arrays.
    const size = Math.ceil(this.repOf.length * 1.5);
    this.repOf = widened(this.repOf, size, 0);
    this.viaOf = widened(this.viaOf, size, 0);
    this.reasonOf = widened(this.reasonOf, size, 0);
    this.nextOfLead = widened(this.nextOfLead, size, 0);
    this.nextOfRep = widened(this.nextOfRep, size, 0);
  }
}

function widened(a: Int32Array, size: number, fill: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  if (fill !== 0) b.fill(fill, a.length);
  b.set(a);
  return b;
}
