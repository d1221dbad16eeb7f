import { compilePolicy, routingOverlaps, type CompiledPolicy, type OverlapPolicy, type RoutingOverlap } from '@sluice/engine';
import { and, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/connect.js';
import { policies } from '../../db/schema.js';
import { liveDocuments } from './store.js';

/**
 * The other live routing policies a routing draft would route a lead twice with (the engine's
 * `routingOverlaps`): each by key, name and live version, the trigger events they share, and which
 * of the two runs last on them, so its pick stands. None for a policy of another kind.
 */
export async function routingOverlapsOf(
  db: Db | Tx,
  tenantId: string,
  candidate: CompiledPolicy,
  /** Live policies the publication takes offline with it: they overlap nothing once it is live. */
  leaving: ReadonlySet<string> = new Set(),
): Promise<RoutingOverlap[]> {
  if (candidate.kind !== 'routing') return [];
  const rows = await db
    .select()
    .from(policies)
    .where(and(eq(policies.tenantId, tenantId), eq(policies.kind, 'routing'), isNotNull(policies.liveVersion)));
  const others = rows.filter((r) => r.key !== candidate.key && !leaving.has(r.key));
  if (others.length === 0) return [];
  const documents = await liveDocuments(db, tenantId, others);
  const live = others.map((row): OverlapPolicy => {
    // Compiled without the field catalog: a live version decides as published, whatever the catalog says since.
    const compiled = compilePolicy(documents.get(row.key));
    if (compiled.ok) return compiled.policy;
    // One that no longer compiles is taken at its indexed events: unsure, so it overlaps on every shared one.
    return { key: row.key, kind: 'routing', name: row.name, version: row.liveVersion!, trigger: { events: row.liveEvents } };
  });
  return routingOverlaps(live, candidate);
}

/** One overlap as a line of text, in English and Chinese. */
function overlapLine(o: RoutingOverlap, key: string): { en: string; zh: string } {
  const winner = o.runsLast === key ? 'this policy' : `"${o.key}"`;
  const winnerZh = o.runsLast === key ? '本策略' : `“${o.key}”`;
  return {
    en: `"${o.key}" (${o.name}, version ${o.version}) on ${o.events.join(', ')}: ${winner} runs last and its assignment stands`,
    zh: `“${o.key}”（${o.name}，版本 ${o.version}）在 ${o.events.join('、')} 上：${winnerZh}最后运行，以其分配为准`,
  };
}

/** What would make the overlapping version live: a publication of the draft, or a rollback to an older version. */
export type GoingLive = { action: 'publish' } | { action: 'rollback'; version: number };

/** The refusal's title and Chinese detail: every overlapping policy, its events, which one wins, and the ways out. */
export function overlapText(overlaps: readonly RoutingOverlap[], key: string, change: GoingLive = { action: 'publish' }): { en: string; zh: string } {
  const lines = overlaps.map((o) => overlapLine(o, key));
  const n = overlaps.length;
  const others = {
    en: `${n} other live routing polic${n === 1 ? 'y is' : 'ies are'} triggered by the same events — ${lines.map((l) => l.en).join('; ')}`,
    zh: `另有 ${n} 个已生效的分配策略由相同事件触发——${lines.map((l) => l.zh).join('；')}`,
  };
  if (change.action === 'rollback') {
    const v = change.version;
    return {
      en: `Rolling back to version ${v} would route each lead twice: ${others.en}. Withdraw one (list it in this rollback's withdraw, or POST /v1/policies/{key}/withdraw), roll back to another version, or roll back with override.reason`,
      zh: `回滚到版本 ${v} 后每条线索会被分配两次：${others.zh}。请下线其中一个（在本次回滚的 withdraw 中列出，或 POST /v1/policies/{key}/withdraw）、回滚到其他版本，或填写 override.reason 说明原因后回滚`,
    };
  }
  return {
    en: `Publishing would route each lead twice: ${others.en}. Narrow the triggers or conditions, withdraw one (POST /v1/policies/{key}/withdraw, or Withdraw in the editor's versions panel), or publish with override.reason`,
    zh: `发布后每条线索会被分配两次：${others.zh}。请收窄触发事件或条件、下线其中一个（POST /v1/policies/{key}/withdraw，或在编辑器的版本面板中点击“下线”），或填写 override.reason 说明原因后发布`,
  };
}

/** An overlap as the API shows it: in a 409 routing-overlap, a draft save, and an override's record. */
export const routingOverlapView = z
  .object({
    key: z.string(),
    name: z.string(),
    version: z.number().int().describe('Its live version / 其生效版本'),
    events: z.array(z.string()).describe('The trigger events both policies listen to / 两个策略共同监听的触发事件'),
    runsLast: z
      .string()
      .describe(
        'The key of the policy that runs last on those events (by kind, then key): its assignment stands / 在这些事件上最后运行的策略（按类型、再按 key）：以其分配为准',
      ),
  })
  .describe('Another live routing policy that would route the same lead on the same events / 会在相同事件上再次分配同一线索的另一个已生效分配策略');
