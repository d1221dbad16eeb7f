import { unavailableReason } from './unavailable.js';

/**
 * Successes that must follow the first one, with no failure between, before an outage counts as
 * over. A database out of disk still answers reads: without this, mixed traffic would log "back"
 * and "unavailable" again for every read that slips between two refused writes.
 */
const QUIET_MS = 1_000;

/**
 * One log line when the database becomes unavailable and one when it is back, however many
 * requests, ticks and pooled connections fail in between. Every part of the server that talks to
 * the database reports here: requests (refused with 503), the scheduler, the webhook worker and
 * the PostgreSQL pool (a lost idle connection).
 */
export class Outage {
  private since: { at: Date; startedMs: number } | undefined;
  private refusedCount = 0;
  private backMs: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: { down(line: string): void; back(line: string): void } = {
      down: (line) => console.error(line),
      back: (line) => console.log(line),
    },
  ) {}

  /** True from the first failure until the outage is logged as over. */
  get down(): boolean {
    return this.since !== undefined;
  }

  /** The database could not serve; `refused` when a request was answered 503 for it. */
  failed(error: unknown, refused = false): void {
    if (refused) this.refusedCount++;
    this.backMs = undefined;
    if (this.since) return;
    this.since = { at: new Date(), startedMs: performance.now() };
    const reason = unavailableReason(error);
    this.log.down(
      `sluice: database unavailable since ${this.since.at.toISOString()} (${reason}); answering 503 until it is back / ` +
        `数据库自 ${this.since.at.toISOString()} 起不可用（${reason}），恢复前以 503 应答`,
    );
  }

  /** Something the database had to do worked. */
  succeeded(): void {
    if (!this.since || this.backMs !== undefined) return;
    this.backMs = performance.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.settle(), QUIET_MS);
    this.timer.unref();
  }

  private settle(): void {
    const since = this.since;
    if (!since || this.backMs === undefined) return;
    const seconds = ((this.backMs - since.startedMs) / 1000).toFixed(1);
    const refused = this.refusedCount;
    this.since = undefined;
    this.backMs = undefined;
    this.refusedCount = 0;
    this.log.back(`sluice: database back after ${seconds} s, ${refused} requests refused / 数据库已恢复，中断 ${seconds} 秒，拒绝了 ${refused} 个请求`);
  }
}
