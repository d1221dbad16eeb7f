import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { assignedTo, candidateVerdicts, compiledExample, stateFrom, step, timelineEvents, visit, visitedIds } from './harness.js';
import { event } from './harness.js';

// S25: a lead from a customer someone already owns goes to that owner; the rest rotate.
const policy = compiledExample('s25-existing-owner');

async function runTimeline() {
  const state = stateFrom('s25-customers');
  const decisions: Decision[] = [];
  for (const e of timelineEvents('s25-new-leads')) decisions.push(await step(policy, state, e));
  return { state, decisions };
}

describe('S25 existing-owner match', () => {
  it('routes matches to their owner and everything else round robin', async () => {
    const { state, decisions } = await runTimeline();
    expect(decisions.map((d) => `${assignedTo(d).join()} by ${d.actions[0]?.nodeId}`)).toEqual([
      'ae-2 by existing', // 阿克米 by company name, despite full
      'ae-1 by aeRR', // new company
      'ae-4 by aeRR', // C-02's owner is away; ae-2 full, ae-3 away
      'ae-4 by existing', // subsidiary of C-03
      'ae-2 by existing', // C-01 listed before C-04
    ]);
    expect(decisions.map((d) => visit(d, 'existing').result)).toEqual(['matched', 'unmatched', 'unmatched', 'matched', 'matched']);
    expect(state.openLoad('ae-2')).toBe(27);
    expect(state.openLoad('ae-4')).toBe(19);
  });

  it('lists the keys computed and the customers matched', async () => {
    const { decisions } = await runTimeline();
    const first = visit(decisions[0]!, 'existing');
    expect(first.detail).toEqual({
      keys: { company: '阿克米', companyBrand: '阿克米', emailDomain: null, phone: null, parentCompany: null, parentBrand: null },
      customers: [{ id: 'C-01', company: '阿克米（上海）有限公司', ownerId: 'ae-2', matchedBy: ['company'], matches: [{ key: 'company', value: '阿克米' }] }],
      rule: 'firstListed',
      conflict: false,
      customerId: 'C-01',
      ownerId: 'ae-2',
      waived: ['full'],
    });
    expect(first.note).toEqual({
      en: "customer C-01 matched by company name '阿克米' is owned by ae-2 (despite: full)",
      zh: '客户 C-01（按公司名“阿克米”匹配）的负责人是 ae-2（不受以下限制：已满额）',
    });

    const noMatch = decisions[1]!;
    expect(visitedIds(noMatch)).toEqual(['start', 'existing', 'aeRR']);
    expect(visit(noMatch, 'existing')).toMatchObject({
      detail: { keys: { company: 'harborfreightpartners', emailDomain: 'harborfreight.com', phone: null, parentCompany: null }, customers: [] },
      note: { en: 'no existing customer matches', zh: '没有匹配的已有客户' },
    });

    const ownerAway = decisions[2]!;
    expect(visit(ownerAway, 'existing').note?.en).toBe('customer C-02 matched by e-mail domain is owned by ae-3; but ae-3 is away, so the lead goes on');
    expect(candidateVerdicts(visit(ownerAway, 'aeRR'))).toEqual(['ae-1:eligible', 'ae-2:skipped:full', 'ae-3:skipped:away', 'ae-4:chosen']);

    const subsidiary = visit(decisions[3]!, 'existing');
    expect(subsidiary.detail).toMatchObject({
      keys: { company: '德尔塔科技', parentCompany: '德尔塔' },
      customers: [{ id: 'C-03', matchedBy: ['parentCompany'] }],
    });
  });

  it('a conflict names every matching customer and the key that matched', async () => {
    const { decisions } = await runTimeline();
    const v = visit(decisions[4]!, 'existing');
    expect(v.detail).toMatchObject({
      keys: { company: null, emailDomain: 'acme.cn', phone: '13800138000', parentCompany: null },
      customers: [
        { id: 'C-01', ownerId: 'ae-2', matchedBy: ['emailDomain'] },
        { id: 'C-04', ownerId: 'ae-1', matchedBy: ['phone'] },
      ],
      conflict: true,
      customerId: 'C-01',
    });
    expect(v.note).toEqual({
      en: 'customer C-01 matched by e-mail domain is owned by ae-2; matches point to different owners: C-01 → ae-2 (e-mail domain), C-04 → ae-1 (phone); the customer listed first wins (despite: full)',
      zh: '客户 C-01（按邮箱域名匹配）的负责人是 ae-2；匹配结果指向不同负责人：C-01 → ae-2（邮箱域名），C-04 → ae-1（电话）；按列表顺序取第一个客户（不受以下限制：已满额）',
    });
  });
});

// S25 conflict rule (撞单): two reps claim one customer; first reported / first discovered wins.
describe('S25 conflict rule: first reported wins', () => {
  const reported = compiledExample('s25-conflict-first-reported');
  async function runClaims() {
    const state = stateFrom('s25-conflict');
    const decisions: Decision[] = [];
    for (const e of timelineEvents('s25-conflict-reported')) decisions.push(await step(reported, state, e));
    return { state, decisions };
  }

  it('keeps, transfers or finds no conflict', async () => {
    const { state, decisions } = await runClaims();
    expect(decisions.map((d) => visit(d, 'conflict').result)).toEqual(['kept', 'transferred', 'kept', 'kept', 'noConflict']);
    expect(decisions.map((d) => assignedTo(d).join())).toEqual(['', 'r-4', 'r-2', 'r-5', '']);
    expect(['L-2521', 'L-2530', 'L-2531', 'L-2533', 'L-2534'].map((id) => state.lead(id)?.ownerId ?? null)).toEqual(['r-1', 'r-4', 'r-2', null, 'r-5']);
    expect(state.ownershipHistory('L-2530')).toEqual([{ leadId: 'L-2530', repId: 'r-4', from: '2026-03-05T03:00:00.000Z', via: 'claimed' }]);
    expect(state.ownershipHistory('L-2531')).toMatchObject([{ repId: 'r-2', via: 'assigned' }]);
  });

  it('a later claim on the same lead is refused, and the claimant is told both times', async () => {
    const { decisions } = await runClaims();
    const d = decisions[0]!;
    expect(d.changes).toEqual([]);
    const note = {
      en: 'first reported wins: r-2 reported 2026-03-05 10:00; r-1 (lead L-2521) reported 2026-03-02 09:00; r-1 was first and keeps the customer',
      zh: '报备在先者得：r-2 报备于 2026-03-05 10:00；r-1（线索 L-2521）报备于 2026-03-02 09:00；r-1 在先，保留客户',
    };
    expect(visit(d, 'conflict').note).toEqual(note);
    expect(d.actions).toEqual([{ type: 'notify', leadId: 'L-2521', nodeId: 'conflict', mode: 'notify', to: [{ kind: 'rep', id: 'r-2' }], message: note }]);
    expect(visit(d, 'conflict').detail).toMatchObject({
      claimant: { repId: 'r-2', reportedAt: '2026-03-05T02:00:00Z', from: { reportedAt: 'event.at' } },
      holders: [{ repId: 'r-1', source: 'lead', recordId: 'L-2521', reportedAt: '2026-03-02T01:00:00Z', from: { reportedAt: 'lead.reportedAt' } }],
      rival: 'r-1',
      winner: 'r-1',
    });
  });

  it("an earlier report of the same company (normalised) wins the pool lead; the lead carries the winner's time", async () => {
    const { state, decisions } = await runClaims();
    const d = decisions[1]!;
    expect(d.changes).toEqual([
      { type: 'lead.assign', leadId: 'L-2530', repId: 'r-4', previousOwnerId: null, at: '2026-03-05T03:00:00.000Z', nodeId: 'conflict', via: 'claimed' },
      { type: 'lead.facts', leadId: 'L-2530', set: { reportedAt: '2026-03-01T08:00:00Z', discoveredAt: '2026-03-01T08:00:00Z' } },
    ]);
    expect(visit(d, 'conflict').note?.en).toBe(
      'first reported wins: r-4 reported 2026-03-01 16:00; r-1 (lead L-2521) reported 2026-03-02 09:00; r-4 was first: the customer goes to r-4',
    );
    expect(d.actions[1]).toMatchObject({ type: 'notify', to: [{ kind: 'rep', id: 'r-1' }] });
    expect(visit(d, 'conflict').detail).toMatchObject({ keys: { company: '阿克米', emailDomain: null, phone: null } });
    expect(state.lead('L-2530')?.reportedAt).toBe('2026-03-01T08:00:00Z');
  });

  it('equal report times keep the customer with its holder, who also gets the unowned lead', async () => {
    const { decisions } = await runClaims();
    const v = visit(decisions[2]!, 'conflict');
    expect(v.note?.en).toBe(
      'first reported wins: r-3 reported 2026-03-03 08:00; r-2 (lead L-2522) reported 2026-03-03 08:00; same time: r-2, who holds it, keeps the customer',
    );
    expect(v.detail).toMatchObject({ keys: { emailDomain: 'harborfreight.com' }, holders: [{ repId: 'r-2', source: 'matchingLead', recordId: 'L-2522' }] });
  });

  it('an existing customer with no report time counts as first, even against an old report', async () => {
    const { decisions } = await runClaims();
    const v = visit(decisions[3]!, 'conflict');
    expect(v.note).toEqual({
      en: 'first reported wins: r-1 reported 2026-01-01 08:00; r-5 (customer C-2501) has no reported time on record, which counts as first; r-5 was first and keeps the customer',
      zh: '报备在先者得：r-1 报备于 2026-01-01 08:00；r-5（客户 C-2501）无报备时间记录，视为在先；r-5 在先，保留客户',
    });
    expect(v.detail).toMatchObject({ keys: { phone: '2166668888' }, holders: [{ repId: 'r-5', source: 'customer', reportedAt: null }] });
  });

  it('parent and subsidiary are different customers unless the policy says otherwise', async () => {
    const { decisions } = await runClaims();
    expect(decisions[4]!.actions).toEqual([]);
    expect(visit(decisions[4]!, 'conflict').note?.en).toBe('nobody else holds this customer: r-2 may claim it');
  });

  it("a claim one second before the holder's report wins; one second after loses", async () => {
    const claim = (at: string) =>
      event({ id: 'b', type: 'claim.requested', at: '2026-03-05T02:00:00Z', leadId: 'L-2521', repId: 'r-2', data: { reportedAt: at } });
    expect(visit(await step(reported, stateFrom('s25-conflict'), claim('2026-03-02T00:59:59Z')), 'conflict').result).toBe('transferred');
    expect(visit(await step(reported, stateFrom('s25-conflict'), claim('2026-03-02T01:00:01Z')), 'conflict').result).toBe('kept');
    // Same instant written in another offset is still a tie.
    expect(visit(await step(reported, stateFrom('s25-conflict'), claim('2026-03-02T09:00:00+08:00')), 'conflict').result).toBe('kept');
  });

  it('an unreadable claim is invalid and changes nothing', async () => {
    const state = stateFrom('s25-conflict');
    const bad = await step(
      reported,
      state,
      event({ id: 'i1', type: 'claim.requested', at: '2026-03-05T02:00:00Z', leadId: 'L-2521', repId: 'r-2', data: { reportedAt: 'yesterday' } }),
    );
    expect(visit(bad, 'conflict')).toMatchObject({ result: 'invalid', note: { en: 'data.reportedAt is not an ISO time with an offset: "yesterday"' } });
    expect(bad.changes).toEqual([]);
    const nobody = await step(reported, state, event({ id: 'i2', type: 'claim.requested', at: '2026-03-05T02:00:00Z', leadId: 'L-2521' }));
    expect(visit(nobody, 'conflict').result).toBe('invalid');
  });
});

describe('S25 conflict rule: first discovered wins, parent and subsidiary as one', () => {
  const discovered = compiledExample('s25-conflict-first-discovered');
  async function runClaims() {
    const state = stateFrom('s25-conflict');
    const decisions: Decision[] = [];
    for (const e of timelineEvents('s25-conflict-discovered')) decisions.push(await step(discovered, state, e));
    return { state, decisions };
  }

  it('decides each claim by discovery time across the company family', async () => {
    const { state, decisions } = await runClaims();
    expect(decisions.map((d) => visit(d, 'conflict').result)).toEqual(['transferred', 'kept', 'kept', 'transferred']);
    expect(['L-2533', 'L-2532', 'L-2521', 'L-2522'].map((id) => state.lead(id)?.ownerId)).toEqual(['r-2', 'r-2', 'r-1', 'r-5']);
  });

  it("a parent company claimed before its subsidiary's discovery goes to the claimant; the new owner's manager hears of it", async () => {
    const { decisions } = await runClaims();
    const d = decisions[0]!;
    expect(visit(d, 'conflict').detail).toMatchObject({
      keys: { company: '德尔塔', parentCompany: null, related: ['德尔塔科技', '德尔塔物流'] },
      holders: [{ repId: 'r-3', source: 'matchingLead', recordId: 'L-2523', discoveredAt: '2026-03-01T00:00:00Z' }],
    });
    expect(d.actions.map((a) => (a.type === 'notify' ? `notify:${a.to.map((r) => r.id).join()}` : `${a.type}:${a.type === 'assign' ? a.repId : ''}`))).toEqual([
      'assign:r-2',
      'notify:r-3',
      'notify:mgr-ae',
    ]);
  });

  it('a configured sibling compares against the whole group; a first touch stands in for a discovery time', async () => {
    const { decisions } = await runClaims();
    const v = visit(decisions[1]!, 'conflict');
    expect(v.detail).toMatchObject({
      claimant: { repId: 'r-4', discoveredAt: '2026-03-04T00:00:00Z', from: { discoveredAt: 'firstTouch' } },
      holders: [
        { repId: 'r-3', recordId: 'L-2523' },
        { repId: 'r-2', recordId: 'L-2533', discoveredAt: '2026-02-28T00:00:00Z' },
      ],
      rival: 'r-2',
    });
    expect(v.note?.zh).toBe('发现在先者得：r-4 发现于 2026-03-04 08:00；r-2（线索 L-2533）发现于 2026-02-28 08:00；r-2 在先，保留客户');
  });

  it("a tie keeps the lead; the holder's first touch is their discovery time", async () => {
    const { decisions } = await runClaims();
    expect(decisions[2]!.changes).toEqual([]);
    expect(visit(decisions[3]!, 'conflict').detail).toMatchObject({
      holders: [{ repId: 'r-2', discoveredAt: '2026-03-03T06:00:00Z', from: { discoveredAt: 'firstTouch' } }],
    });
    expect(decisions[3]!.changes[0]).toEqual({
      type: 'lead.assign',
      leadId: 'L-2522',
      repId: 'r-5',
      previousOwnerId: 'r-2',
      at: '2026-03-05T05:00:00.000Z',
      nodeId: 'conflict',
      via: 'claimed',
    });
  });
});
