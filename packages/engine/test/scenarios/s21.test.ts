import { describe, expect, it } from 'vitest';
import { compilePolicy, type Decision } from '../../src/index.js';
import { examplePolicy } from '@sluice/examples';
import { compiledExample, event, stateFrom, step, stepOrRefusal, timelineEvents, visit } from './harness.js';

// S21: co-follow between sister units and parent/subsidiary accounts; the deal's credit is split between them.
const policy = compiledExample('s21-co-follow');

async function runTimeline() {
  const state = stateFrom('s21-sister-units');
  const decisions: Decision[] = [];
  for (const e of timelineEvents('s21-co-follow')) decisions.push(await step(policy, state, e));
  return { state, decisions };
}

const outcome = (d: Decision) => visit(d, 'coFollow').result;

describe('S21 co-follow', () => {
  it('joins, asks for approval or refuses by the relation between requester and owner', async () => {
    const { state, decisions } = await runTimeline();
    expect(decisions.slice(0, 5).map(outcome)).toEqual(['pending', 'joined', 'joined', 'refused', 'pending']);
    expect(state.collaborators('L-2101')).toEqual([
      { leadId: 'L-2101', repId: 'b-1', role: 'coFollower', status: 'active', since: '2026-03-02T05:00:00.000Z' },
      { leadId: 'L-2101', repId: 'a-2', role: 'coFollower', status: 'active', since: '2026-03-03T01:00:00.000Z' },
    ]);
    expect(state.collaborators('L-2102')).toEqual([
      { leadId: 'L-2102', repId: 'w-1', role: 'coFollower', status: 'pending', since: '2026-03-04T02:00:00.000Z' },
    ]);
  });

  it("a sister unit waits for the owner's manager, who gets a task", async () => {
    const { decisions } = await runTimeline();
    const asked = decisions[0]!;
    expect(asked.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-2101',
        nodeId: 'coFollow',
        mode: 'task',
        to: [{ kind: 'rep', id: 'mgr-a' }],
        message: {
          en: 'b-1 asks to co-follow lead L-2101 (星河科技有限公司) owned by a-1 (sister unit): approve or decline',
          zh: 'b-1 申请协同跟进 a-1 负责的线索 L-2101（星河科技有限公司）（兄弟单位）：请审批',
        },
      },
    ]);
    expect(asked.changes).toEqual([
      { type: 'lead.collaborator', collaborator: { leadId: 'L-2101', repId: 'b-1', role: 'coFollower', status: 'pending', since: '2026-03-02T02:00:00.000Z' } },
    ]);
    expect(visit(asked, 'coFollow').detail).toMatchObject({
      checks: [
        { basis: 'sameTeam', holds: false, evidence: [] },
        { basis: 'sisterUnit', holds: true, evidence: ['east-a~east-b'] },
        { basis: 'relatedAccount', holds: false, evidence: [] },
      ],
      basis: 'sisterUnit',
      approval: 'ownerManager',
      approvers: ['mgr-a'],
    });
    expect(visit(asked, 'coFollow').note).toEqual({
      en: 'b-1 may join lead L-2101 (sister unit) once mgr-a approves',
      zh: 'b-1 可加入线索 L-2101（兄弟单位），待 mgr-a 审批',
    });

    const approved = decisions[1]!;
    expect(visit(approved, 'coFollow').note?.en).toBe('b-1 joins lead L-2101 (sister unit; approved by mgr-a)');
    expect(approved.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-2101',
        nodeId: 'coFollow',
        mode: 'notify',
        to: [{ kind: 'rep', id: 'a-1' }],
        message: {
          en: 'b-1 now co-follows your lead L-2101 (sister unit; approved by mgr-a)',
          zh: 'b-1 已加入协同跟进你的线索 L-2101（兄弟单位，mgr-a 已批准）',
        },
      },
    ]);
  });

  it('a teammate joins at once; an unrelated rep is refused with a code', async () => {
    const { decisions } = await runTimeline();
    expect(visit(decisions[2]!, 'coFollow').note).toEqual({
      en: 'a-2 joins lead L-2101 (same team; no approval needed)',
      zh: 'a-2 加入线索 L-2101 协同跟进（同一团队，无需审批）',
    });
    const refused = decisions[3]!;
    expect(refused.changes).toEqual([]);
    expect(refused.actions).toEqual([]);
    expect(visit(refused, 'coFollow').detail).toMatchObject({ reason: 'notRelated', requesterId: 'w-2', ownerId: 'a-1' });
    expect(visit(refused, 'coFollow').note).toEqual({
      en: 'w-2 is not related to owner a-1: same team no, sister unit no, related account (parent / subsidiary) no',
      zh: 'w-2 与负责人 a-1 无关联：同一团队：否，兄弟单位：否，关联客户（母子公司）：否',
    });
  });

  it("the owner of the parent company may join a subsidiary's lead once the owner approves", async () => {
    const { decisions } = await runTimeline();
    const d = decisions[4]!;
    expect(visit(d, 'coFollow').detail).toMatchObject({
      checks: [{ holds: false }, { holds: false }, { basis: 'relatedAccount', holds: true, evidence: ['customer:C-2101'] }],
      approval: 'owner',
      approvers: ['a-1', 'mgr-a'],
    });
    expect(d.actions).toMatchObject([{ mode: 'task', to: [{ kind: 'rep', id: 'a-1' }] }]);
  });

  it('splits the won deal 60 / 20 / 20 and the odd cent goes to the largest remainder', async () => {
    const { state, decisions } = await runTimeline();
    const won = decisions[5]!;
    // 1000.01 → 100001 cents: 60000.6 / 20000.2 / 20000.2; one cent left, a-1 has the largest remainder.
    // Basis points 6000 / 2000 / 2000 divide exactly: nothing left to round.
    const shares = [
      { repId: 'a-1', role: 'AE', basisPoints: 6000, share: 0.6, amountCents: 60001, basis: 'role:AE' },
      { repId: 'a-2', role: 'coFollower', basisPoints: 2000, share: 0.2, amountCents: 20000, basis: 'role:coFollower' },
      { repId: 'b-1', role: 'coFollower', basisPoints: 2000, share: 0.2, amountCents: 20000, basis: 'role:coFollower' },
    ];
    expect(won.actions).toEqual([{ type: 'split', leadId: 'L-2101', nodeId: 'split', method: 'role', amountCents: 100001, shares, overlay: [] }]);
    expect(won.changes).toEqual([
      { type: 'deal.split', leadId: 'L-2101', at: '2026-03-20T08:00:00.000Z', nodeId: 'split', amountCents: 100001, shares, overlay: [] },
    ]);
    expect(state.splits).toHaveLength(1);
    expect(visit(won, 'split').note).toEqual({
      en: '1000.01 split by role-based split: a-1 600.01 (60%), a-2 200.00 (20%), b-1 200.00 (20%); rounding: 600.01 + 200.00 + 200.00 = 1000.01, the 0.01 left goes to a-1 (largest remainder)',
      zh: '成交金额 1000.01，按角色拆分：a-1 600.01 (60%)，a-2 200.00 (20%)，b-1 200.00 (20%)；舍入：600.01 + 200.00 + 200.00 = 1000.01，余数 0.01 归 a-1（余数最大）',
    });
    expect(won.explanation.summary.en).toBe('split deal L-2101 (1000.01, role): a-1 600.01, a-2 200.00, b-1 200.00');
  });
});

describe('S21 co-follow boundaries', () => {
  const request = (id: string, leadId: string, repId: string, data?: Record<string, unknown>) =>
    event({ id, type: 'collab.requested', at: '2026-03-05T02:00:00Z', leadId, repId, ...(data ? { data } : {}) });
  const reason = (d: Decision) => (visit(d, 'coFollow').detail as { reason?: string }).reason;

  it('refuses the owner, an inactive rep, an unowned lead, a repeat while pending and a wrong approver', async () => {
    const state = stateFrom('s21-sister-units');
    expect(reason(await step(policy, state, request('x1', 'L-2101', 'a-1')))).toBe('isOwner');
    expect(reason(await step(policy, state, request('x2', 'L-2101', 'b-2')))).toBe('inactive');
    expect(reason(await step(policy, state, request('x3', 'L-2103', 'a-2')))).toBe('noOwner');
    // A rep the roster does not know is refused before any policy runs (the node's own unknownRep stays for decide()).
    expect(await stepOrRefusal(policy, state, request('x4', 'L-2101', 'nobody'))).toMatchObject({
      refusal: { code: 'rep-not-in-roster', status: 422, errors: [{ path: '$.repId', message: { en: 'unknown rep "nobody"', zh: '未知销售“nobody”' } }] },
    });
    expect(outcome(await step(policy, state, request('x5', 'L-2101', 'b-1')))).toBe('pending');
    expect(reason(await step(policy, state, request('x6', 'L-2101', 'b-1')))).toBe('alreadyPending');
    // Only the owner's manager approves a sister unit; the owner may not.
    const wrong = await step(policy, state, request('x7', 'L-2101', 'b-1', { approvedBy: 'a-1' }));
    expect(reason(wrong)).toBe('notApprover');
    expect(visit(wrong, 'coFollow').note?.en).toBe('a-1 may not approve this request; mgr-a may');
    expect(outcome(await step(policy, state, request('x8', 'L-2101', 'b-1', { approvedBy: 'mgr-a' })))).toBe('joined');
    expect(reason(await step(policy, state, request('x9', 'L-2101', 'b-1')))).toBe('alreadyCollaborator');
  });

  it('stops at the collaborator limit: the fourth is refused, the third is not', async () => {
    const state = stateFrom('s21-sister-units', (s) => ({
      ...s,
      collaborators: [
        { leadId: 'L-2101', repId: 'w-1', status: 'active', since: '2026-03-01T00:00:00Z' },
        { leadId: 'L-2101', repId: 'w-2', status: 'active', since: '2026-03-01T00:00:00Z' },
      ],
    }));
    expect(outcome(await step(policy, state, request('y1', 'L-2101', 'a-2')))).toBe('joined');
    const fourth = await step(policy, state, request('y2', 'L-2101', 'mgr-a'));
    expect(reason(fourth)).toBe('tooManyCollaborators');
    expect(visit(fourth, 'coFollow').detail).toMatchObject({ collaborators: 3, limit: 3 });
  });

  it('a role named in the request replaces the default', async () => {
    const state = stateFrom('s21-sister-units');
    await step(policy, state, request('z1', 'L-2101', 'a-2', { role: 'presales' }));
    expect(state.collaborators('L-2101')).toMatchObject([{ repId: 'a-2', role: 'presales', status: 'active' }]);
  });

  it("a subsidiary's owner is related to the parent's lead through the configured group", async () => {
    const doc = structuredClone(examplePolicy('s21-co-follow')) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
    doc.nodes.find((n) => n.id === 'coFollow')!.data.accountRelations = [{ parent: '星河集团', subsidiaries: ['星河科技', '星河物流'] }];
    const compiled = compilePolicy(doc);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const state = stateFrom('s21-sister-units', (s) => ({
      ...s,
      leads: [...(s.leads ?? []), { id: 'L-2199', company: '星河物流（深圳）有限公司', ownerId: 'w-2' }],
    }));
    const d = await step(compiled.policy, state, request('r1', 'L-2101', 'w-2'));
    expect(visit(d, 'coFollow').detail).toMatchObject({ checks: [{ holds: false }, { holds: false }, { holds: true, evidence: ['lead:L-2199'] }] });
    expect(outcome(d)).toBe('pending');
    // Without the group 星河物流 is a stranger to 星河科技.
    expect(
      outcome(
        await step(
          policy,
          stateFrom('s21-sister-units', (s) => ({ ...s, leads: [...(s.leads ?? []), { id: 'L-2199', company: '星河物流（深圳）有限公司', ownerId: 'w-2' }] })),
          request('r2', 'L-2101', 'w-2'),
        ),
      ),
    ).toBe('refused');
  });

  it('refuses to compile a sister-unit basis without pairs, naming node and field', () => {
    const doc = structuredClone(examplePolicy('s21-co-follow')) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
    doc.nodes.find((n) => n.id === 'coFollow')!.data.sisterUnits = [];
    const r = compilePolicy(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        code: 'invalidConfig',
        nodeId: 'coFollow',
        field: 'sisterUnits',
        message: { en: 'the sister-unit basis needs at least one pair of teams', zh: '“兄弟单位”依据至少需要一对团队' },
      },
    ]);
  });
});
