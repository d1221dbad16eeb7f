import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, type CompiledPolicy, type SluiceEvent } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

const T0 = '2026-03-02T02:00:00.000Z';

function state(overrides: { ae3Active?: boolean } = {}) {
  return InMemoryState.from({
    timeZone: 'Asia/Shanghai',
    reps: [
      { id: 'ae-1', teams: ['ae'] },
      { id: 'ae-2', teams: ['ae'], cap: 2, openLoad: 2 },
      { id: 'ae-3', teams: ['ae'], active: overrides.ae3Active ?? true, outOfOffice: [{ from: '2026-03-01T00:00:00Z', to: '2026-03-08T00:00:00Z' }] },
      { id: 'ae-4', teams: ['ae'] },
    ],
    customers: [
      { id: 'C1', company: '阿克米（上海）有限公司', emailDomains: ['acme.cn'], phones: ['021-61234567'], ownerId: 'ae-2' },
      { id: 'C2', company: 'Beta Trading Co., Ltd.', emailDomains: ['beta.com'], ownerId: null },
      { id: 'C3', company: 'Gamma Inc', phones: ['+86 138 0013 8000'], ownerId: 'ae-3' },
      { id: 'C4', company: '德尔塔集团', ownerId: 'ae-1' },
    ],
  });
}

function policy(data: Record<string, unknown> = {}): CompiledPolicy {
  return compile(
    flow(
      'existing-owner-test',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'match', type: 'match.existingOwner', data },
        { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
      ],
      [
        { source: 'start', target: 'match' },
        { source: 'match', sourceHandle: 'unmatched', target: 'rr' },
      ],
    ),
  );
}

const created = (lead: Record<string, unknown>): SluiceEvent => ({ id: 'ev', type: 'lead.created', at: T0, lead: { id: 'L1', createdAt: T0, ...lead } });

describe('match.existingOwner', () => {
  it('routes a lead of an owned customer to its owner (caps waived), ignoring a free-mail domain', async () => {
    const s = state();
    const d = await decideBoth(policy(), created({ company: '阿克米有限公司', email: 'wang@gmail.com' }), s, T0);
    expect(d.actions).toEqual([{ type: 'assign', leadId: 'L1', repId: 'ae-2', previousOwnerId: null, nodeId: 'match', strategy: 'existingOwner' }]);
    expect(d.changes).toEqual([{ type: 'lead.assign', leadId: 'L1', repId: 'ae-2', previousOwnerId: null, at: T0, nodeId: 'match' }]);
    const v = visited(d, 'match');
    expect(v.result).toBe('matched');
    expect(v.detail).toEqual({
      keys: { company: '阿克米', companyBrand: '阿克米', emailDomain: null, phone: null },
      customers: [{ id: 'C1', company: '阿克米（上海）有限公司', ownerId: 'ae-2', matchedBy: ['company'], matches: [{ key: 'company', value: '阿克米' }] }],
      rule: 'firstListed',
      conflict: false,
      customerId: 'C1',
      ownerId: 'ae-2',
      waived: ['full'],
    });
    expect(v.candidates).toEqual([{ repId: 'ae-2', status: 'chosen', detail: { load: 2, cap: 2, assignedToday: 0, weight: 1, waived: 'full' } }]);
    expect(v.note).toEqual({
      en: "customer C1 matched by company name '阿克米' is owned by ae-2 (despite: full)",
      zh: '客户 C1（按公司名“阿克米”匹配）的负责人是 ae-2（不受以下限制：已满额）',
    });
    expect(d.explanation.visited.map((n) => n.nodeId)).toEqual(['start', 'match']);
    s.apply(d.changes);
    expect(s.lead('L1')?.ownerId).toBe('ae-2');
    expect(s.openLoad('ae-2')).toBe(3);
  });

  it('matches pointing to different owners: the customer listed first wins, and every match is named', async () => {
    const d = await decideBoth(policy({ ownerMustBeAvailable: false }), created({ email: 'li@sales.acme.cn', phone: '+86 138-0013-8000' }), state(), T0);
    expect(d.actions).toEqual([{ type: 'assign', leadId: 'L1', repId: 'ae-2', previousOwnerId: null, nodeId: 'match', strategy: 'existingOwner' }]);
    const v = visited(d, 'match');
    expect(v.result).toBe('matched');
    expect(v.detail).toMatchObject({
      keys: { company: null, emailDomain: 'acme.cn', phone: '13800138000' },
      customers: [
        { id: 'C1', ownerId: 'ae-2', matchedBy: ['emailDomain'] },
        { id: 'C3', ownerId: 'ae-3', matchedBy: ['phone'] },
      ],
      conflict: true,
      customerId: 'C1',
    });
    expect(v.note?.en).toBe(
      'customer C1 matched by e-mail domain is owned by ae-2; matches point to different owners: C1 → ae-2 (e-mail domain), C3 → ae-3 (phone); the customer listed first wins (despite: full)',
    );
    expect(v.note?.zh).toContain('C3 → ae-3（电话）');
  });

  it('an away owner is passed over when availability is required, and gets the lead when not', async () => {
    const lead = created({ phone: '8613800138000' });
    const d = await decideBoth(policy(), lead, state(), T0);
    const v = visited(d, 'match');
    expect(v.result).toBe('unmatched');
    expect(v.note?.en).toBe('customer C3 matched by phone is owned by ae-3; but ae-3 is away, so the lead goes on');
    expect(v.candidates).toEqual([
      { repId: 'ae-3', status: 'skipped', reason: 'away', detail: { load: 0, cap: null, assignedToday: 0, weight: 1, until: '2026-03-08T00:00:00Z' } },
    ]);
    // The round robin takes over: ae-1 is first in id order and free.
    expect(d.actions).toEqual([{ type: 'assign', leadId: 'L1', repId: 'ae-1', previousOwnerId: null, nodeId: 'rr', strategy: 'roundRobin' }]);
    expect(d.explanation.visited.map((n) => `${n.nodeId}:${n.result}`)).toEqual(['start:lead.created', 'match:unmatched', 'rr:assigned']);

    const anyway = decide(policy({ ownerMustBeAvailable: false }), lead, state(), T0);
    expect(anyway.actions).toEqual([{ type: 'assign', leadId: 'L1', repId: 'ae-3', previousOwnerId: null, nodeId: 'match', strategy: 'existingOwner' }]);
    expect(visited(anyway, 'match')).toMatchObject({ result: 'matched', detail: { waived: ['away'] } });
  });

  it('an inactive owner never gets the lead, even when availability is not required', () => {
    const d = decide(policy({ ownerMustBeAvailable: false }), created({ phone: '138 0013 8000' }), state({ ae3Active: false }), T0);
    expect(visited(d, 'match')).toMatchObject({
      result: 'unmatched',
      note: { en: 'customer C3 matched by phone is owned by ae-3; but ae-3 is inactive, so the lead goes on' },
    });
    expect(d.actions.map((a) => a.type === 'assign' && a.repId)).toEqual(['ae-1']);
  });

  it('parent company counts only when includeParent is on', () => {
    const lead = created({ company: '德尔塔（北京）科技有限公司', parentCompany: '德尔塔集团有限公司' });
    const off = decide(policy(), lead, state(), T0);
    expect(visited(off, 'match')).toMatchObject({
      result: 'unmatched',
      detail: { keys: { company: '德尔塔科技', emailDomain: null, phone: null }, customers: [] },
    });
    const on = decide(policy({ includeParent: true }), lead, state(), T0);
    expect(on.actions).toEqual([{ type: 'assign', leadId: 'L1', repId: 'ae-1', previousOwnerId: null, nodeId: 'match', strategy: 'existingOwner' }]);
    expect(visited(on, 'match').detail).toMatchObject({
      keys: { company: '德尔塔科技', parentCompany: '德尔塔' },
      customers: [{ id: 'C4', matchedBy: ['parentCompany'] }],
    });
  });

  it('only the configured keys are used', () => {
    const d = decide(policy({ keys: ['phone'] }), created({ company: '阿克米', email: 'wang@acme.cn' }), state(), T0);
    expect(visited(d, 'match')).toMatchObject({ result: 'unmatched', detail: { keys: { phone: null } }, note: { en: 'the lead offers nothing to match on' } });
  });

  it('a matching customer without an owner does not match', () => {
    const d = decide(policy(), created({ email: 'x@BETA.com' }), state(), T0);
    expect(visited(d, 'match')).toMatchObject({
      result: 'unmatched',
      detail: { customers: [{ id: 'C2', ownerId: null, matchedBy: ['emailDomain'] }] },
      note: { en: 'matching customers have no owner: C2', zh: '匹配到的客户均无负责人：C2' },
    });
  });

  it('a lead its matched owner already holds is left alone', () => {
    const d = decide(policy(), created({ company: 'ACME 阿克米', email: 'a@acme.cn', ownerId: 'ae-2' }), state(), T0);
    expect(d.actions).toEqual([]);
    expect(visited(d, 'match')).toMatchObject({
      result: 'matched',
      note: { en: 'customer C1 matched by e-mail domain is owned by ae-2; ae-2 already owns the lead' },
    });
  });
});
