import type { Activity, Collaborator, Customer, Lead, OwnershipRecord, Override, Penalty, Pool, Rep, Team } from '../types/domain.js';
import type { CalendarDocument } from '../types/calendar.js';
import type { ScoreModel } from '../scoreModel/model.js';
import type { CustomerKeys, PointerState, StateChange, StateView } from '../types/state.js';
import { stateSnapshotSchema, type StateSnapshot, type StateSnapshotInput } from './snapshot.js';
import { addActivity, applyChange } from './apply.js';
import { EMPTY, OpenOwnedLeads } from './collections.js';
import { LeadBook } from './leadBook.js';
import { MatchIndex } from './matchIndex.js';
import { Records, type Flag, type SplitRecord } from './records.js';
import { Roster } from './roster.js';

/**
 * The reference state: everything in maps, changes applied by `apply`. The server builds one per
 * batch from its rows; tests, the CLI, the simulator and the benchmarks use it directly. Its parts,
 * by concern: the roster (reps, teams, pools, calendars), the lead book (leads, ownership, loads,
 * daily counts, scheduled checks), the records (activities, penalties, co-followers, overrides,
 * reminders, pointers, flags, splits) and the match index (customers and leads by match key).
 */
export class InMemoryState implements StateView {
  private readonly roster: Roster;
  private readonly book: LeadBook;
  private readonly records: Records;
  private readonly matches: MatchIndex;

  static from(input: StateSnapshotInput): InMemoryState {
    return new InMemoryState(stateSnapshotSchema.parse(input));
  }

  constructor(snapshot: StateSnapshot);
  constructor(snapshot: StateSnapshot | undefined, parts?: { roster: Roster; book: LeadBook; records: Records; matches: MatchIndex }) {
    if (parts) {
      ({ roster: this.roster, book: this.book, records: this.records, matches: this.matches } = parts);
      return;
    }
    const s = snapshot!;
    this.roster = new Roster(s);
    this.matches = new MatchIndex(s.customers);
    this.book = new LeadBook(s.timeZone, this.matches);
    this.book.load(s);
    this.records = Records.from(s);
  }

  /**
   * A state on a roster built earlier: a server keeps one per tenant until its roster changes, so
   * a decision does not rebuild (sort, index) thousands of reps. The snapshot's `reps` are not
   * read; open loads come from `openLoads` (a rep not listed has none).
   */
  static onRoster(roster: Roster, snapshot: StateSnapshot, openLoads: Iterable<readonly [repId: string, load: number]>): InMemoryState {
    const matches = new MatchIndex(snapshot.customers);
    const book = new LeadBook(roster.zone, matches);
    book.load({ ...snapshot, reps: [] });
    for (const [repId, load] of openLoads) book.loads.set(repId, load);
    const Ctor = InMemoryState as unknown as new (s: undefined, parts: object) => InMemoryState;
    return new Ctor(undefined, { roster, book, records: Records.from(snapshot), matches });
  }

  /**
   * An independent copy: changes applied to either are not seen by the other. Reference data
   * (roster, customers) and the lead and record objects themselves are shared: the state replaces
   * them rather than editing them (ownership records, ended in place, are copied).
   */
  clone(): InMemoryState {
    const matches = this.matches.clone();
    const book = this.book.clone(matches);
    const Ctor = InMemoryState as unknown as new (s: undefined, parts: object) => InMemoryState;
    return new Ctor(undefined, { roster: this.roster, book, records: this.records.clone(), matches });
  }

  /**
   * Opt-in, for a caller that owns this state alone and reads a lead only until the state next
   * changes (the simulator's replay): from now on a write edits the stored lead object instead of
   * replacing it with a copy, where that gives the same lead — most writes, and a copy of the
   * whole lead per write was the replay's largest allocation. A lead object read earlier then shows
   * later writes; what the state answers is the same either way. Leads stored so far are copied
   * once (no object a caller handed in is edited), and a clone gets copies of its own.
   */
  editLeadsInPlace(): this {
    this.book.editInPlace();
    return this;
  }

  /**
   * Opt-in, for a caller that never or rarely asks whose leads are whose (the simulator's replay):
   * the owner index behind `ownedLeads` and `leadsOwnedBy` is made from the leads when first asked
   * for instead of kept up to date on every write. Answers are the same, except the order in which
   * `ownedLeads` walks an owner's leads (as stored, not as given). See LeadBook.indexOwnersOnDemand.
   */
  indexOwnersOnDemand(): this {
    this.book.indexOwnersOnDemand();
    return this;
  }

  /**
   * Opt-in, for a caller that keeps who held each lead itself (the simulator's replay, as rows of
   * numbers: an object, a list and a map entry per lead were ~0.15 KB a lead at a million): from
   * now on `ownershipHistory` and `ownershipsOf` answer nothing here, while loads still move. Only
   * while the state holds no ownership record; returns whether it took effect.
   */
  leaveOwnershipRecords(): boolean {
    return this.book.leaveOwnershipRecords();
  }

  /**
   * Opt-in, for a caller that knows nothing will ask about a lead again (the simulator's replay lets
   * go of a closed lead once its policies read no lead but the event's own and nothing about it is
   * still to come): the lead leaves the state — `lead` answers undefined, it is no one's lead and
   * no search finds it — while ownership records, loads and daily counts stay. Refused (false) for
   * an unknown lead or one waiting on a scheduled check.
   */
  forgetLead(leadId: string): boolean {
    return this.book.forget(leadId);
  }

  /**
   * Opt-in, for a caller that numbers its leads (the simulator's replay, by their place in the
   * history): `numberOf` gives an id the same integer from 0 for as long as a lead of that id is
   * stored and never gives two ids one number (undefined: none). From now on a lead numbered below
   * `count` is kept in a list by its number, not in the map of every lead by id (see LeadStore):
   * the same answers, except that a walk of the leads (ownedLeads, a search of them) lists the
   * numbered ones by number after the others. A clone keeps its leads by id.
   */
  numberLeads(numberOf: (leadId: string) => number | undefined, count: number): this {
    this.book.leads.number(numberOf, count);
    return this;
  }

  /**
   * The stored lead numbered `n` (see numberLeads), undefined for none — or for one stored by id
   * before its number was given, until it is written again. For a caller reading ahead without an
   * id in hand (the replay warms the leads a bucket of its calendar is about).
   */
  numberedLead(n: number): Lead | undefined {
    return this.book.leads.numbered(n);
  }

  /** Flags raised on reps (S28) since the state was built. */
  get flags(): readonly Flag[] {
    return this.records.flags;
  }
  /** Deal splits recorded since the state was built. */
  get splits(): readonly SplitRecord[] {
    return this.records.splits;
  }
  /** Pending checks by lead (cascades). */
  get schedule(): ReadonlyMap<string, { due: string; nodeId: string; step: number }> {
    return this.book.schedule;
  }

  timeZone(): string {
    return this.roster.zone;
  }
  calendar(id: string): CalendarDocument | undefined {
    return this.roster.calendars.get(id);
  }
  scoreModel(key: string): ScoreModel | undefined {
    return this.roster.models.get(key);
  }
  reps(): readonly Rep[] {
    return this.roster.reps;
  }
  rep(id: string): Rep | undefined {
    return this.roster.repById.get(id);
  }
  repsInTeam(teamId: string): readonly Rep[] {
    return this.roster.inTeam(teamId);
  }
  repsWithRole(role: string): readonly Rep[] {
    return this.roster.withRole(role);
  }
  team(id: string): Team | undefined {
    return this.roster.teams.get(id);
  }
  pool(id: string): Pool | undefined {
    return this.roster.pools.get(id);
  }
  lead(id: string): Lead | undefined {
    return this.book.find(id);
  }
  openLoad(repId: string): number {
    // A settle may take a load row that was already out of step below zero; it reads as none.
    return Math.max(0, this.book.loads.get(repId) ?? 0);
  }
  openLoads(reps: readonly Rep[]): ArrayLike<number> {
    return this.book.loads.ofReps(reps);
  }
  firstByRoom(reps: readonly Rep[], capOf: (rep: Rep) => number | undefined, key: object): number | undefined {
    return this.book.loads.firstByRoom(reps, capOf, key);
  }
  assignedOn(repId: string, day: string): number {
    return this.book.assignedOn(repId, day);
  }
  pointer(key: string): PointerState | undefined {
    return this.records.pointers.get(key);
  }
  ownershipHistory(leadId: string): readonly OwnershipRecord[] {
    return this.book.ownership.get(leadId) ?? EMPTY;
  }
  penalties(repId: string): readonly Penalty[] {
    return this.records.penalties.get(repId) ?? EMPTY;
  }
  findCustomers(keys: CustomerKeys, family?: boolean): readonly Customer[] {
    return this.matches.findCustomers(keys, family);
  }
  findLeads(keys: CustomerKeys, family = false): readonly Lead[] {
    return this.matches.findLeadIds(keys, family, () => this.book.leads.values()).map((id) => this.book.leads.get(id)!);
  }
  ownedLeads(): Iterable<Lead> {
    const owners = this.book.ownedBy;
    return { [Symbol.iterator]: () => new OpenOwnedLeads(owners) };
  }
  leadsOwnedBy(repId: string): readonly Lead[] {
    return [...(this.book.ownedBy.get(repId)?.keys() ?? [])].sort().map((id) => this.book.leads.get(id)!);
  }
  ownershipsOf(repId: string): readonly OwnershipRecord[] {
    return this.book.startedBy.get(repId) ?? EMPTY;
  }
  activities(leadId: string): readonly Activity[] {
    return this.records.activities.get(leadId) ?? EMPTY;
  }
  lastReminder(leadId: string): string | undefined {
    return this.records.reminders.get(leadId);
  }
  collaborators(leadId: string): readonly Collaborator[] {
    return this.records.collaborators.get(leadId) ?? EMPTY;
  }
  overrides(leadId: string): readonly Override[] {
    return this.records.overrides.get(leadId) ?? EMPTY;
  }
  /** Every lead the state knows, by id: what the holder invariant check (holder.ts) walks. */
  allLeads(): readonly Lead[] {
    return [...this.book.leads.keys()].sort().map((id) => this.book.leads.get(id)!);
  }
  scheduledLeads(): Iterable<string> {
    return [...this.book.schedule.keys()].sort();
  }

  /** Records a touch on a lead (`activity.add`): its lastActivityAt moves forward only. */
  addActivity(activity: Activity): void {
    addActivity(this.book, this.records, activity);
  }

  /** Stores a lead as the CRM sent it (`lead.upsert`); an owner it names takes the lead out of its pool and queue. */
  upsertLead(lead: Lead): void {
    this.book.upsert(lead);
  }

  /** Applies changes, in order. */
  apply(changes: readonly StateChange[]): void {
    const { book, records } = this;
    for (const change of changes) applyChange(book, records, change);
  }

  /** The step's instant as text and number (WorkingState.stepInstant): an assignment at it needs no parse for its day. */
  stepInstant(iso: string, ms: number): void {
    this.book.stepInstant(iso, ms);
  }
}
