import { calendarReferences } from '@sluice/engine';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { decisions, leads, ownership } from '../src/db/schema.js';
import { fixedClock, ownersCount, seedRoster } from './fixtures.js';
import { startScheduler } from '../src/scheduler/index.js';
import { cascadePolicy, ICS, MAINLAND, reclaimPolicy } from './calendarFixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * Tenant working-day calendars (工作日历) in the server: stored and checked like the roster,
 * imported from iCalendar files, named by policies (publishing refuses a calendar the tenant does
 * not have), guarded against deletion while in use, and read by decisions and ticks.
 */

const NOW = '2026-09-01T02:00:00.000Z';

const codeOf = (r: { json: any }) =>
  String(r.json?.type ?? '')
    .split('/')
    .pop();

const upload = (base: string, key: string, path: string, body: string, contentType = 'text/calendar; charset=utf-8') =>
  call(base, 'POST', path, { key, body, headers: { 'content-type': contentType } });

describe('which calendars a policy names', () => {
  it('finds every string `calendar` key in node configs, with node id and JSON path', () => {
    const doc = {
      nodes: [
        { id: 'a', type: 'x', data: { calendar: 'cn' } },
        { id: 'b', type: 'y', data: { rules: [{ after: 3 }, { after: 5, calendar: 'hk' }], 'odd key': { calendar: 'sg' } } },
        { id: 'c', type: 'z', data: { calendar: 42, nested: null } },
        { id: 'd', type: 'z' },
      ],
    };
    expect(calendarReferences(doc)).toEqual([
      { nodeId: 'a', path: '$.nodes[0].data.calendar', calendarId: 'cn' },
      { nodeId: 'b', path: '$.nodes[1].data.rules[1].calendar', calendarId: 'hk' },
      { nodeId: 'b', path: '$.nodes[1].data["odd key"].calendar', calendarId: 'sg' },
    ]);
  });

  it('takes anything a draft may hold without throwing', () => {
    for (const doc of [null, 1, 'x', [], {}, { nodes: 'no' }, { nodes: [null, 1, { id: 3, data: { calendar: 'x' } }] }])
      expect(calendarReferences(doc)).toEqual([]);
  });
});

describe.each(LANES)('calendars (%s)', (lane) => {
  let clock = Date.parse(NOW);
  const env = useServer(lane, () => clock);

  it('PUT stores a calendar with its defaults; GET, list, replace, bulk and DELETE work like the roster', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    const created = await call(base, 'PUT', '/v1/calendars/cn-2026', { key, body: MAINLAND });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: 'cn-2026', weekend: [6, 7], ...MAINLAND });
    expect((await call(base, 'GET', '/v1/calendars/cn-2026', { key })).json).toEqual(created.json);
    const replaced = await call(base, 'PUT', '/v1/calendars/cn-2026', { key, body: { ...MAINLAND, weekend: [7] } });
    expect([replaced.status, replaced.json.weekend]).toEqual([200, [7]]);
    const bulk = await call(base, 'POST', '/v1/calendars/bulk', {
      key,
      body: {
        items: [
          { id: 'hk-2026', timeZone: 'Asia/Hong_Kong' },
          { id: 'cn-2026', ...MAINLAND },
        ],
      },
    });
    expect(bulk.json).toEqual({ count: 2, created: 1, updated: 1 });
    const list = await call(base, 'GET', '/v1/calendars', { key });
    expect(list.json.items.map((c: { id: string }) => c.id)).toEqual(['cn-2026', 'hk-2026']);
    expect((await call(base, 'DELETE', '/v1/calendars/hk-2026', { key })).status).toBe(204);
    expect((await call(base, 'GET', '/v1/calendars/hk-2026', { key })).status).toBe(404);
    expect((await call(base, 'DELETE', '/v1/calendars/hk-2026', { key })).status).toBe(404);
  });

  it('refuses a holiday ending before it starts, a make-up day that is also a holiday and an unknown zone, with paths in both languages', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const r = await call(env.server.base, 'PUT', '/v1/calendars/bad', {
      key,
      body: {
        timeZone: 'Asia/Shanghai',
        holidays: [
          { from: '2026-10-07', to: '2026-10-01' },
          { from: '2026-05-01', to: '2026-05-05' },
        ],
        makeUpDays: [{ date: '2026-05-02' }],
      },
    });
    expect(r.status).toBe(422);
    const byPath = Object.fromEntries(r.json.errors.map((e: { path: string; messageZh: string }) => [e.path, e.messageZh]));
    expect(byPath['$.holidays[0].to']).toBe('结束日期早于开始日期');
    expect(byPath['$.makeUpDays[0].date']).toBe('2026-05-02 同时是节假日（holidays[1]），不能既放假又调休上班');
    const zone = await call(env.server.base, 'PUT', '/v1/calendars/bad', { key, body: { timeZone: 'Asia/Beijing' } });
    expect([zone.status, zone.json.errors[0].path]).toEqual([422, '$.timeZone']);
    const bulk = await call(env.server.base, 'POST', '/v1/calendars/bulk', {
      key,
      body: {
        items: [
          { id: 'ok', timeZone: 'UTC' },
          { id: 'bad', timeZone: 'UTC', holidays: [{ from: '2026-02-30' }] },
        ],
      },
    });
    expect([bulk.status, bulk.json.errors[0].path]).toEqual([422, '$.items[1].holidays[0].from']);
    expect((await call(env.server.base, 'GET', '/v1/calendars', { key })).json.items).toEqual([]);
  });

  it('publishing a policy that names a calendar the tenant lacks is refused with node id and path; the draft says why; once added it publishes', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    await call(base, 'PUT', '/v1/calendars/hk-2026', { key, body: { timeZone: 'Asia/Hong_Kong' } });
    // The cascade's pools are set up: only the calendar is missing.
    await call(base, 'POST', '/v1/pools/bulk', {
      key,
      body: {
        items: [
          { id: 'premium', name: 'Premium' },
          { id: 'standard', name: 'Standard' },
        ],
      },
    });
    const draft = await call(base, 'PUT', '/v1/policies/cascade/draft', { key, body: cascadePolicy('cascade', 'cn-2026') });
    expect(draft.status).toBe(201);
    expect(draft.json.compile.ok).toBe(false);
    expect(draft.json.compile.errors).toEqual([
      expect.objectContaining({ code: 'unknownCalendar', nodeId: 'tiers', field: 'calendar', path: '$.nodes[1].data.calendar' }),
    ]);
    const refused = await call(base, 'POST', '/v1/policies/cascade/publish', { key, body: { note: 'try' } });
    expect([refused.status, codeOf(refused)]).toEqual([422, 'unknown-calendar']);
    const [error] = refused.json.errors;
    expect(error).toMatchObject({ path: '$.nodes[1].data.calendar', nodeId: 'tiers', code: 'unknownCalendar' });
    expect(error.message).toContain('"cn-2026"');
    expect(error.message).toContain('"hk-2026"');
    expect(error.messageZh).toContain('工作日历“cn-2026”在本租户中不存在');
    expect(refused.json.detailZh).toContain('不存在的工作日历');
    expect((await call(base, 'GET', '/v1/policies/cascade', { key })).json.liveVersion).toBeNull();

    await call(base, 'PUT', '/v1/calendars/cn-2026', { key, body: MAINLAND });
    expect((await call(base, 'GET', '/v1/policies/cascade', { key })).json.compile).toEqual({ ok: true, errors: [] });
    const published = await call(base, 'POST', '/v1/policies/cascade/publish', { key, body: { note: 'calendar added 已添加日历' } });
    expect([published.status, published.json.version]).toEqual([201, 1]);
  });

  it('a calendar a live policy, a rep or a pool names cannot be deleted: 409 naming them; free again, it can', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    await call(base, 'PUT', '/v1/calendars/cn-2026', { key, body: MAINLAND });
    await call(base, 'PUT', '/v1/policies/cascade/draft', { key, body: cascadePolicy('cascade', 'cn-2026') });
    expect((await call(base, 'POST', '/v1/policies/cascade/publish', { key, body: { note: 'live' } })).status).toBe(201);
    expect((await call(base, 'PUT', '/v1/reps/r-shanghai', { key, body: { calendar: 'cn-2026' } })).status).toBe(201);
    expect((await call(base, 'PUT', '/v1/pools/public', { key, body: { calendar: 'cn-2026' } })).status).toBe(201);
    // A rep synced with a calendar the tenant does not have is accepted (the engine skips it, saying why).
    expect((await call(base, 'PUT', '/v1/reps/r-elsewhere', { key, body: { calendar: 'nowhere' } })).status).toBe(201);
    const refused = await call(base, 'DELETE', '/v1/calendars/cn-2026', { key });
    expect([refused.status, codeOf(refused)]).toEqual([409, 'calendar-in-use']);
    expect(refused.json.title).toBe('Calendar "cn-2026" is still used by policy "cascade", rep "r-shanghai", pool "public"');
    expect(refused.json.detailZh).toContain('策略“cascade”、销售“r-shanghai”、线索池“public”');
    expect(refused.json.usedBy).toEqual({
      policies: [{ policyKey: 'cascade', nodeId: 'tiers', path: '$.nodes[1].data.calendar' }],
      reps: ['r-shanghai'],
      pools: ['public'],
    });
    expect((await call(base, 'GET', '/v1/calendars/cn-2026', { key })).status).toBe(200);

    // Moved to another calendar (a new live version), the rep and the pool replaced without one: now it may go.
    await call(base, 'PUT', '/v1/calendars/cn-2027', { key, body: MAINLAND });
    await call(base, 'PUT', '/v1/policies/cascade/draft', { key, body: cascadePolicy('cascade', 'cn-2027') });
    await call(base, 'POST', '/v1/policies/cascade/publish', { key, body: { note: 'next year' } });
    await call(base, 'PUT', '/v1/reps/r-shanghai', { key, body: {} });
    await call(base, 'PUT', '/v1/pools/public', { key, body: {} });
    expect((await call(base, 'DELETE', '/v1/calendars/cn-2026', { key })).status).toBe(204);
    // Rolling back to version 1 would bring the deleted calendar back into use: refused.
    const rollback = await call(base, 'POST', '/v1/policies/cascade/rollback', { key, body: { version: 1, note: 'back' } });
    expect([rollback.status, codeOf(rollback), rollback.json.errors[0].path]).toEqual([422, 'unknown-calendar', '$.nodes[1].data.calendar']);
  });

  it('a publish and a delete of the calendar it names, at once: never a live policy without its calendar', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    const outcomes = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const id = `race-${i}`;
      await call(base, 'PUT', `/v1/calendars/${id}`, { key, body: MAINLAND });
      await call(base, 'PUT', `/v1/policies/${id}/draft`, { key, body: cascadePolicy(id, id) });
      const [published, deleted] = await Promise.all([
        call(base, 'POST', `/v1/policies/${id}/publish`, { key, body: { note: 'race' } }),
        call(base, 'DELETE', `/v1/calendars/${id}`, { key }),
      ]);
      outcomes.add(`${published.status}/${deleted.status}`);
      const live = (await call(base, 'GET', `/v1/policies/${id}`, { key })).json.liveVersion !== null;
      const kept = (await call(base, 'GET', `/v1/calendars/${id}`, { key })).status === 200;
      expect({ live, kept }, `${published.status} ${published.text} / ${deleted.status} ${deleted.text}`).toEqual(
        live ? { live: true, kept: true } : { live: false, kept: false },
      );
    }
    for (const o of outcomes) expect(['201/409', '422/204']).toContain(o);
  });

  it('imports an .ics file: all-day events as holidays, 补班 as make-up days, the rest skipped with line and reason', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    const r = await upload(base, key, '/v1/calendars/cn-ics/import?timeZone=Asia%2FShanghai', ICS);
    expect(r.status).toBe(201);
    expect(r.json.calendar).toEqual({
      id: 'cn-ics',
      name: { en: '中国节假日', zh: '中国节假日' },
      timeZone: 'Asia/Shanghai',
      weekend: [6, 7],
      holidays: [{ from: '2026-10-01', to: '2026-10-07', name: { en: '国庆节', zh: '国庆节' } }],
      makeUpDays: [
        { date: '2026-09-20', name: { en: '国庆补班', zh: '国庆补班' } },
        { date: '2026-10-10', name: { en: '国庆补班', zh: '国庆补班' } },
      ],
    });
    expect(r.json.skipped.map((s: { event: number; line: number; uid: string }) => [s.event, s.line, s.uid])).toEqual([
      [3, 16, 'meeting'],
      [5, 27, 'yearly'],
    ]);
    expect(r.json.skipped[0].reason.zh).toContain('带具体时间的事件');
    expect(r.json.skipped[1].reason.en).toContain('recurring');
    // Stored like a JSON calendar; imported again with names given, it is replaced.
    expect((await call(base, 'GET', '/v1/calendars/cn-ics', { key })).json).toEqual(r.json.calendar);
    // A summary cut to 100 characters in the middle of an emoji is cut before it: no half character is stored.
    const emoji = await upload(
      base,
      key,
      '/v1/calendars/cn-emoji/import?timeZone=Asia%2FShanghai',
      ICS.replace('SUMMARY:国庆节', `SUMMARY:${'假'.repeat(99)}😀`),
    );
    expect([emoji.status, emoji.json.calendar.holidays[0].name.zh]).toEqual([201, '假'.repeat(99)]);
    const again = await upload(base, key, `/v1/calendars/cn-ics/import?timeZone=Asia%2FShanghai&name=Mainland&nameZh=${encodeURIComponent('中国大陆')}`, ICS);
    expect([again.status, again.json.calendar.name]).toEqual([200, { en: 'Mainland', zh: '中国大陆' }]);
  });

  it('refuses what is not an iCalendar file with 422, a JSON body with 415, a bad zone with its path: never a 5xx', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    const garbage = await upload(base, key, '/v1/calendars/x/import?timeZone=UTC', 'hello, not a calendar');
    expect([garbage.status, codeOf(garbage), garbage.json.errors[0].path]).toEqual([422, 'invalid-icalendar', '$']);
    expect(garbage.json.errors[0].messageZh).toContain('iCalendar');
    const empty = await upload(base, key, '/v1/calendars/x/import?timeZone=UTC', 'BEGIN:VCARD\r\nEND:VCARD\r\n');
    expect([empty.status, empty.json.errors[0].messageZh]).toEqual([422, '文件中没有 VCALENDAR']);
    // A malformed date or duration inside a well-formed file: that event is skipped and listed with its line, never a 5xx.
    const badDate = await upload(
      base,
      key,
      '/v1/calendars/bad-date/import?timeZone=UTC',
      ICS.replace('DTSTART;VALUE=DATE:20261001', 'DTSTART;VALUE=DATE:2026XX01'),
    );
    expect([badDate.status, badDate.json.skipped[0].line, badDate.json.skipped[0].uid]).toEqual([201, 5, 'national-day-2026']);
    expect(badDate.json.skipped[0].reason.zh).toContain('无法读取其中的值');
    expect(badDate.json.calendar.holidays.map((h: { from: string }) => h.from)).not.toContain('2026-10-01');
    const badDuration = await upload(
      base,
      key,
      '/v1/calendars/bad-duration/import?timeZone=UTC',
      ICS.replace('DTEND;VALUE=DATE:20261008', 'DURATION:P99999999D'),
    );
    expect([badDuration.status, badDuration.json.skipped[0].line]).toEqual([201, 5]);
    for (const id of ['bad-date', 'bad-duration']) expect((await call(base, 'DELETE', `/v1/calendars/${id}`, { key })).status).toBe(204);
    const nul = await upload(base, key, '/v1/calendars/x/import?timeZone=UTC', ICS.replace('SUMMARY:国庆节', 'SUMMARY:国庆\0节'));
    expect([nul.status, nul.json.errors[0].path]).toEqual([422, 'line 9']);
    const json = await call(base, 'POST', '/v1/calendars/x/import?timeZone=UTC', { key, body: { ics: ICS } });
    expect([json.status, codeOf(json), json.json.detailZh]).toEqual([415, 'unsupported-media-type', '请以 text/calendar 格式上传 .ics 文件']);
    const zone = await upload(base, key, '/v1/calendars/x/import?timeZone=Mars%2FOlympus', ICS);
    expect([zone.status, zone.json.errors[0].path]).toEqual([422, '$.timeZone']);
    const noZone = await upload(base, key, '/v1/calendars/x/import', ICS);
    expect([noZone.status, noZone.json.errors[0].path]).toEqual([422, '$.timeZone']);
    const huge = await upload(base, key, '/v1/calendars/x/import?timeZone=UTC', ICS + 'X'.repeat(1_100_000));
    expect([huge.status, codeOf(huge)]).toEqual([413, 'body-too-large']);
    expect((await call(base, 'GET', '/v1/calendars', { key })).json.items).toEqual([]);
  });

  it('decisions and ticks count working days by the tenant’s calendar: 国庆 skipped, the Saturday make-up day counted', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    await seedRoster(env.tdb.database, tenantId, { timeZone: 'Asia/Shanghai', reps: [{ id: 'r1' }], pools: [{ id: 'premium' }, { id: 'standard' }] });
    await call(base, 'PUT', '/v1/calendars/cn-2026', { key, body: MAINLAND });
    await call(base, 'PUT', '/v1/policies/cascade/draft', { key, body: cascadePolicy('cascade', 'cn-2026') });
    expect((await call(base, 'POST', '/v1/policies/cascade/publish', { key, body: { note: 'live' } })).status).toBe(201);
    // Wednesday Sep 30, 10:00 in Shanghai. Two working days: Sep 30 runs out at Oct 8 10:00 (Oct 1–7 off),
    // the second at Fri Oct 9 10:00 = 02:00Z. Monday–Friday alone would say Fri Oct 2.
    clock = Date.parse('2026-09-30T02:00:00Z');
    const created = await call(base, 'POST', '/v1/decide', { key, body: { id: 'e1', type: 'lead.created', at: '2026-09-30T02:00:00Z', lead: { id: 'L1' } } });
    expect(created.json.actions).toContainEqual({ type: 'schedule', leadId: 'L1', due: '2026-10-09T02:00:00.000Z', nodeId: 'tiers', step: 0 });
    expect(created.json.decisions[0].explanation.visited[1].note.zh).toContain('日历：中国大陆 2026');

    const tick = async (iso: string) => {
      const scheduler = startScheduler({ database: env.tdb.database, now: fixedClock(iso), intervalMs: 3_600_000, replicaId: `cal-${iso}` });
      try {
        return (await scheduler.runOnce()).filter((r) => r.tenantId === tenantId);
      } finally {
        await scheduler.stop();
      }
    };
    // Monday Oct 5, in the holiday: nothing is due.
    expect(await tick('2026-10-05T02:00:00.000Z')).toEqual([{ tenantId, policyKey: 'cascade', ran: true, decisions: 0 }]);
    // Friday Oct 9 10:00: on to the second tier, one working day: the make-up Saturday Oct 10, 10:00 = 02:00Z.
    expect(await tick('2026-10-09T02:00:00.000Z')).toEqual([{ tenantId, policyKey: 'cascade', ran: true, decisions: 1 }]);
    const rows = await env.tdb.database.db.select().from(decisions).where(eq(decisions.tenantId, tenantId));
    const ticked = rows
      .map((d) => d.decision as { actions: Array<Record<string, unknown>> })
      .find((d) => d.actions.some((a) => a.type === 'schedule' && a.step === 1));
    expect(ticked?.actions).toEqual([
      expect.objectContaining({ type: 'toPool', leadId: 'L1', poolId: 'standard' }),
      { type: 'schedule', leadId: 'L1', due: '2026-10-10T02:00:00.000Z', nodeId: 'tiers', step: 1 },
    ]);
    clock = Date.parse(NOW);
  });

  it('a reclaim tick honours 国庆: last followed up Tue Sep 29 10:00, 3 working days run out Fri Oct 9 10:00, not during the holiday', async () => {
    const base = env.server.base;
    /** A tenant whose rep r1 owns L1, last followed up Tuesday Sep 29 10:00 in Shanghai, under the reclaim policy. */
    const tenant = async (calendar?: string) => {
      const t = await seedTenant(env.tdb.database);
      await seedRoster(env.tdb.database, t.tenantId, { timeZone: 'Asia/Shanghai', reps: [{ id: 'r1', openLoad: 1 }], pools: [{ id: 'public' }] });
      const data = {
        id: 'L1',
        ownerId: 'r1',
        ownedSince: '2026-09-01T02:00:00.000Z',
        lastActivityAt: '2026-09-29T02:00:00.000Z',
        createdAt: '2026-08-01T02:00:00.000Z',
      };
      await env.tdb.database.db.insert(leads).values({ tenantId: t.tenantId, id: 'L1', data, ownerId: 'r1', poolId: null });
      await env.tdb.database.db.insert(ownership).values({ tenantId: t.tenantId, leadId: 'L1', repId: 'r1', from: data.ownedSince, via: 'assigned' });
      if (calendar) await call(base, 'PUT', `/v1/calendars/${calendar}`, { key: t.key, body: MAINLAND });
      await call(base, 'PUT', '/v1/policies/holiday-reclaim/draft', { key: t.key, body: reclaimPolicy(calendar) });
      const published = await call(base, 'POST', '/v1/policies/holiday-reclaim/publish', { key: t.key, body: { note: '3 working days' } });
      expect(published.status, published.text).toBe(201);
      return t;
    };
    const withHolidays = await tenant('cn-2026');
    const mondayToFriday = await tenant();
    const tick = async (iso: string) => {
      const scheduler = startScheduler({ database: env.tdb.database, now: fixedClock(iso), intervalMs: 60_000, replicaId: `reclaim-${iso}` });
      try {
        const reports = await scheduler.runOnce();
        const of = (t: { tenantId: string }) => reports.find((r) => r.tenantId === t.tenantId)?.decisions;
        return { withHolidays: of(withHolidays), mondayToFriday: of(mondayToFriday) };
      } finally {
        await scheduler.stop();
      }
    };
    // Mon Oct 5 10:00 (02:00Z), mid-holiday: by the calendar only Wed Sep 30 has run. Monday–Friday alone
    // counted Sep 30, Oct 1 and Oct 2 and was due Fri Oct 2 10:00: that tenant's lead goes now.
    expect(await tick('2026-10-05T02:00:00.000Z')).toEqual({ withHolidays: 0, mondayToFriday: 1 });
    expect(await ownersCount(env.tdb.database, withHolidays.tenantId)).toEqual({ r1: 1 });
    expect(await ownersCount(env.tdb.database, mondayToFriday.tenantId)).toEqual({});
    // Sep 30, Oct 8, Oct 9 are the three working days: due Fri Oct 9 10:00 = 02:00Z, not a minute earlier.
    expect(await tick('2026-10-09T01:59:00.000Z')).toEqual({ withHolidays: 0, mondayToFriday: 0 });
    expect(await tick('2026-10-09T02:00:00.000Z')).toEqual({ withHolidays: 1, mondayToFriday: 0 });
    const [lead] = await env.tdb.database.db.select().from(leads).where(eq(leads.tenantId, withHolidays.tenantId));
    expect([lead!.ownerId, lead!.poolId]).toEqual([null, 'public']);
  });

  it('tenant B cannot read, delete, replace into or publish against tenant A’s calendar', async () => {
    const a = await seedTenant(env.tdb.database);
    const b = await seedTenant(env.tdb.database);
    const base = env.server.base;
    await call(base, 'PUT', '/v1/calendars/cn-2026', { key: a.key, body: MAINLAND });
    expect((await call(base, 'GET', '/v1/calendars/cn-2026', { key: b.key })).status).toBe(404);
    expect((await call(base, 'GET', '/v1/calendars', { key: b.key })).json.items).toEqual([]);
    expect((await call(base, 'DELETE', '/v1/calendars/cn-2026', { key: b.key })).status).toBe(404);
    await call(base, 'PUT', '/v1/policies/cascade/draft', { key: b.key, body: cascadePolicy('cascade', 'cn-2026') });
    const refused = await call(base, 'POST', '/v1/policies/cascade/publish', { key: b.key, body: { note: 'borrow A’s calendar' } });
    expect([refused.status, codeOf(refused)]).toEqual([422, 'unknown-calendar']);
    expect(refused.json.errors[0].message).toContain('the tenant has no calendars yet');
    // B's own calendar of the same id is B's alone.
    await call(base, 'PUT', '/v1/calendars/cn-2026', { key: b.key, body: { timeZone: 'UTC' } });
    expect((await call(base, 'GET', '/v1/calendars/cn-2026', { key: a.key })).json.timeZone).toBe('Asia/Shanghai');
  });
});
