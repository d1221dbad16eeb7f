import { TEMPLATES } from '@sluice/examples';
import type { Context } from 'hono';
import type { Database, Db, Tx } from '../../db/connect.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { eventBodySchema } from '../../state/event.js';
import { handleEvent } from '../../state/handle.js';
import { demoEvents } from './events.js';
import { demoRoster } from './roster.js';

export const NOTE = 'Demo data: published from a template / 演示数据：由模板发布';
/** Why the demo's routing templates are live together (a real tenant keeps one routing policy per event). */
export const OVERLAP_REASON =
  'Demo data: every template is live at once so each can be tried; keep one routing policy per event in real use / 演示数据：所有模板同时上线以便逐一试用；实际使用时每种事件只保留一条分配策略';

/** Every template's policies, as the load publishes them (each at version 1, on an empty tenant). */
export function templatePolicies(): Array<{ key: string; version: number; template: string }> {
  return TEMPLATES.flatMap((template) => template.policies.map((policy) => ({ key: policy.key, version: 1, template: template.id })));
}

/**
 * The roster and the templates, through the roster and policy endpoints with the caller's own
 * credentials, so they check and store exactly what they would for the admin doing it by hand
 * (actor, CSRF, validation). Those requests go to an app whose database is the transaction `tx`:
 * their own transactions become savepoints in it, and one failure leaves nothing behind.
 */
export async function loadRosterAndTemplates(c: Context<AppEnv>, tx: Tx): Promise<void> {
  // Imported here, not at the top: app.ts registers this route, so a static import would be a cycle.
  const { createApp } = await import('../../app.js');
  const deps = c.var.deps;
  const inner = createApp({ ...deps, database: { ...deps.database, db: tx as unknown as Db }, editorDir: undefined });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of ['authorization', 'cookie', 'x-csrf-token']) {
    const value = c.req.header(name);
    if (value !== undefined) headers[name] = value;
  }
  const send = async (method: string, path: string, body: unknown) => {
    const res = await inner.request(path, { method, headers, body: JSON.stringify(body) }, c.env);
    if (res.status >= 300) {
      const problem = (await res.json().catch(() => ({}))) as { detail?: string; detailZh?: string };
      throw new ProblemError(422, 'demo-failed', `Loading the demo data stopped at ${method} ${path}: ${problem.detail ?? res.status}`, {
        detail: 'Nothing of the demo data was kept.',
        detailZh: `载入演示数据在 ${method} ${path} 处中止：${problem.detailZh ?? res.status}。未保留任何演示数据。`,
      });
    }
  };

  await send('POST', '/v1/teams/bulk', { items: demoRoster.teams });
  await send('POST', '/v1/pools/bulk', { items: demoRoster.pools });
  await send('POST', '/v1/reps/bulk', { items: demoRoster.reps });
  for (const template of TEMPLATES) {
    for (const policy of template.policies) {
      await send('PUT', `/v1/policies/${policy.key}/draft`, policy);
      // Every template is live so that each can be tried; their routing policies overlap on new
      // leads (each assigns them, the last in run order wins), which the publish records as the reason.
      await send('POST', `/v1/policies/${policy.key}/publish`, { note: NOTE, override: { reason: OVERLAP_REASON } });
    }
  }
}

/**
 * A few weeks of CRM events through the decision path, phase by phase, from the claim's clock:
 * every attempt sends the same events (ids and bodies), so one already decided is replayed, never
 * decided twice.
 */
export async function sendDemoEvents(database: Database, tenantId: string, eventsFrom: number, now: () => number) {
  let events = 0;
  let refused = 0;
  let decisions = 0;
  // Who owns each lead after the routing decisions: an activity needs someone to have logged it.
  const owners = new Map<string, string>();
  for (const phase of demoEvents(eventsFrom)) {
    const sent = phase.filter((e) => e.type !== 'activity.logged' || owners.has(e.leadId as string));
    // All at once: the tenant's queue (state/handle.ts) runs them in batches, in this order.
    const outcomes = await Promise.allSettled(sent.map((e) => handleEvent(database, tenantId, eventBodySchema.parse(e), now())));
    for (const o of outcomes) {
      events++;
      if (o.status === 'rejected') {
        // A refusal of one event (a problem with a status) is counted; a failure of the server is not hidden.
        if (!(o.reason instanceof ProblemError)) throw o.reason;
        refused++;
        continue;
      }
      const body = JSON.parse(o.value.body) as {
        decisions: Array<{ decisionId: string | null }>;
        actions: Array<{ type: string; leadId?: string; repId?: string }>;
      };
      decisions += body.decisions.filter((d) => d.decisionId !== null).length;
      for (const a of body.actions) {
        if (a.type === 'assign' && a.leadId && a.repId) owners.set(a.leadId, a.repId);
        else if ((a.type === 'toPool' || a.type === 'queue') && a.leadId) owners.delete(a.leadId);
      }
    }
  }
  return { events, refused, decisions };
}
