import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { assignedTo, candidateVerdicts, compiledExample, stateFrom, step, timelineEvents, visit, visitedIds } from './harness.js';

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
      keys: { company: '阿克米', emailDomain: null, phone: null, parentCompany: null },
      customers: [{ id: 'C-01', company: '阿克米（上海）有限公司', ownerId: 'ae-2', matchedBy: ['company'] }],
      rule: 'firstListed',
      conflict: false,
      customerId: 'C-01',
      ownerId: 'ae-2',
      waived: ['full'],
    });
    expect(first.note).toEqual({ en: 'customer C-01 matched by company name is owned by ae-2 (despite: full)', zh: '客户 C-01（按公司名匹配）的负责人是 ae-2（不受以下限制：已满额）' });

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
    expect(subsidiary.detail).toMatchObject({ keys: { company: '德尔塔科技', parentCompany: '德尔塔' }, customers: [{ id: 'C-03', matchedBy: ['parentCompany'] }] });
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
