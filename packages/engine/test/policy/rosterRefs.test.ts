/**
 * Teams, reps and roles a policy names against the roster it runs with: the simulator warns of the
 * unknown ones before a replay (a history whose teams have other names), read from node configs of
 * every kind by the keys they use.
 */
import { examplePolicy, exampleScenarioState, exampleScenarios } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { rosterRefs, unknownRosterRefs, type PolicyDocumentInput } from '../../src/index.js';

const policy = (nodes: PolicyDocumentInput['nodes']): PolicyDocumentInput => ({ key: 'routing', kind: 'routing', name: 'R', nodes, edges: [] });
const node = (id: string, type: string, data: Record<string, unknown>) => ({ id, type, position: { x: 0, y: 0 }, data });

describe('rosterRefs', () => {
  it('finds the names in selections, a fallback, credit shares and recipients, with their paths (not a manager named by rep id)', () => {
    const p = policy([
      node('rr', 'assign.roundRobin', { teams: ['east', 'west'], roles: ['AE'], reps: ['r9'] }),
      node('fb', 'assign.fallback', { repId: 'boss' }),
      node('mq', 'assign.managerQueue', { team: 'ops', managerId: 'm1' }),
      node('cr', 'split.credit', {
        shares: [
          { repId: 'r1', percent: 60 },
          { repId: 'r2', percent: 40 },
        ],
      }),
      node('n', 'notify', {
        to: [
          { kind: 'team', id: 'ae' },
          { kind: 'owner', id: 'x' },
          { kind: 'role', id: 'SDR' },
        ],
      }),
    ]);
    expect(rosterRefs(p).map((r) => `${r.nodeId} ${r.path} ${r.kind} ${r.value}`)).toEqual([
      'rr teams[0] team east',
      'rr teams[1] team west',
      'rr roles[0] role AE',
      'rr reps[0] rep r9',
      'fb repId rep boss',
      'cr shares[0].repId rep r1',
      'cr shares[1].repId rep r2',
      'n to[0].id team ae',
      'n to[2].id role SDR',
    ]);
    // Each also placed in the document, as a compile error is: the node's index, then the path in its data.
    expect(rosterRefs(p).map((r) => r.documentPath)).toEqual([
      '$.nodes[0].data.teams[0]',
      '$.nodes[0].data.teams[1]',
      '$.nodes[0].data.roles[0]',
      '$.nodes[0].data.reps[0]',
      '$.nodes[1].data.repId',
      '$.nodes[3].data.shares[0].repId',
      '$.nodes[3].data.shares[1].repId',
      '$.nodes[4].data.to[0].id',
      '$.nodes[4].data.to[2].id',
    ]);
  });

  it('a team named for its manager is a team reference, marked as such: a manager recipient, a manager queue’s team', () => {
    const p = policy([
      node('esc', 'notify', {
        mode: 'escalate',
        to: [
          { kind: 'manager', id: 'ae' },
          { kind: 'ownerManager', id: 'x' },
          { kind: 'team', id: 'sdr' },
        ],
      }),
      node('q', 'assign.managerQueue', { queueId: 'manual', team: 'west' }),
      // A manager named beside the team wins (managerQueue.ts): the team reaches nobody, so it is not checked.
      node('q2', 'assign.managerQueue', { queueId: 'manual', team: 'east', managerId: 'mgr-east' }),
    ]);
    expect(rosterRefs(p).map((r) => [r.nodeId, r.path, r.documentPath, r.kind, r.value, r.manager ?? false])).toEqual([
      ['esc', 'to[0].id', '$.nodes[0].data.to[0].id', 'team', 'ae', true],
      ['esc', 'to[2].id', '$.nodes[0].data.to[2].id', 'team', 'sdr', false],
      ['q', 'team', '$.nodes[1].data.team', 'team', 'west', true],
    ]);
    // Plain team references carry no `manager` key at all.
    expect(Object.hasOwn(rosterRefs(p)[1]!, 'manager')).toBe(false);
  });

  it('reads a draft of any shape without throwing: what is not a node is passed over', () => {
    const odd = (nodes: unknown) => ({ key: 'k', kind: 'routing', name: 'K', nodes, edges: [] }) as unknown as PolicyDocumentInput;
    expect(rosterRefs(odd({ a: 1 }))).toEqual([]);
    expect(rosterRefs(odd(undefined))).toEqual([]);
    const refs = rosterRefs(odd([null, 7, { id: 3, data: { teams: ['x'] } }, { id: 'ok', data: { teams: ['t', 5, null], reps: 'r' } }]));
    expect(refs.map((r) => `${r.documentPath} ${r.value}`)).toEqual(['$.nodes[3].data.teams[0] t']);
  });
});

describe('unknownRosterRefs', () => {
  it('no example scenario names a team, rep or role its state does not have', () => {
    let named = 0;
    for (const scenario of exampleScenarios()) {
      const state = exampleScenarioState(scenario) as { reps: Array<{ id: string; teams?: string[]; roles?: string[] }> };
      const policies = scenario.policies.map((name) => examplePolicy(name) as PolicyDocumentInput);
      expect(unknownRosterRefs(policies, state), scenario.timeline).toEqual([]);
      named += policies.flatMap((p) => rosterRefs(p)).length;
    }
    // The corpus names many: the check above is not empty.
    expect(named).toBeGreaterThan(10);
  });

  it('says what is unknown, where, and what the roster has, in both languages', () => {
    const roster = {
      reps: [
        { id: 'wang', teams: ['华东一部'] },
        { id: 'li', teams: ['华南二部'], roles: ['AE'] },
      ],
    };
    const found = unknownRosterRefs(
      [policy([node('rr', 'assign.roundRobin', { teams: ['销售一部', '华东一部'], roles: ['SDR'], reps: ['li', 'zhao'] })])],
      roster,
    );
    expect(found.map((f) => [f.kind, f.value, f.path])).toEqual([
      ['team', '销售一部', 'teams[0]'],
      ['role', 'SDR', 'roles[0]'],
      ['rep', 'zhao', 'reps[1]'],
    ]);
    expect(found[0]!.message).toEqual({
      en: `policy "routing", node "rr" (teams[0]): no rep of the roster is in team "销售一部" (the roster's teams: 华东一部, 华南二部)`,
      zh: '策略“routing”节点“rr”（teams[0]）：名单中没有团队“销售一部”的销售（名单中的团队：华东一部, 华南二部）',
    });
    // The same without where, for a place that shows the node and field beside it.
    expect(found[0]!.detail).toEqual({
      en: `no rep of the roster is in team "销售一部" (the roster's teams: 华东一部, 华南二部)`,
      zh: '名单中没有团队“销售一部”的销售（名单中的团队：华东一部, 华南二部）',
    });
    expect(found[2]!.message.en).toContain(`rep "zhao" is not in the roster (the roster's reps: li, wang)`);
    expect(unknownRosterRefs([policy([node('rr', 'assign.roundRobin', { roles: ['SDR'] })])], { reps: [{ id: 'a' }] })[0]!.message.en).toContain(
      '(the roster has no roles)',
    );
  });

  it('a team, rep or role only inactive reps have finds nobody: warned as inactive, with the active names listed', () => {
    const roster = {
      reps: [
        { id: 'wang', teams: ['east'], roles: ['AE'], active: false },
        { id: 'li', teams: ['east', 'west'], active: false },
        { id: 'zhao', teams: ['west'], roles: ['SDR'] },
      ],
    };
    const found = unknownRosterRefs(
      [policy([node('rr', 'assign.roundRobin', { teams: ['east', 'west', 'north'], roles: ['AE', 'SDR'], reps: ['wang', 'zhao'] })])],
      roster,
    );
    expect(found.map((f) => [f.kind, f.value, f.reason])).toEqual([
      ['team', 'east', 'inactive'],
      ['team', 'north', 'unknown'],
      ['role', 'AE', 'inactive'],
      ['rep', 'wang', 'inactive'],
    ]);
    expect(found[0]!.message).toEqual({
      en: `policy "routing", node "rr" (teams[0]): every rep of team "east" is inactive (the roster's active teams: west)`,
      zh: '策略“routing”节点“rr”（teams[0]）：团队“east”的销售均已停用（名单中在职的团队：west）',
    });
    expect(found[1]!.message.en).toContain(`no rep of the roster is in team "north" (the roster's active teams: west)`);
    expect(found[3]!.message.en).toContain(`rep "wang" is inactive (the roster's active reps: zhao)`);
    // A team with one active rep among inactive ones is fine.
    expect(unknownRosterRefs([policy([node('rr', 'assign.roundRobin', { teams: ['west'] })])], roster)).toEqual([]);
  });

  it('a pool the policy sends leads to that the tenant has not set up: warned, with its pools; not checked when the pools are not known', () => {
    const p = policy([node('reclaim', 'reclaim.rule', { days: { noFollowUp: 7 }, poolId: 'public' }), node('park', 'assign.toPool', { poolId: 'east-pool' })]);
    expect(rosterRefs(p).map((r) => `${r.nodeId} ${r.path} ${r.kind} ${r.value}`)).toEqual(['reclaim poolId pool public', 'park poolId pool east-pool']);
    const reps = [{ id: 'wang', teams: ['east'] }];
    const found = unknownRosterRefs([p], { reps, pools: [{ id: 'east-pool' }, { id: 'vip' }] });
    expect(found.map((u) => [u.nodeId, u.kind, u.value, u.reason, u.documentPath])).toEqual([
      ['reclaim', 'pool', 'public', 'unknown', '$.nodes[0].data.poolId'],
    ]);
    expect(found[0]!.detail).toEqual({
      en: 'pool "public" is not set up, so reps cannot claim the leads sent there (the tenant\'s pools: east-pool, vip): add it under Roster → Pools or pick another',
      zh: '线索池“public”尚未设置，放入其中的线索销售无法领取（租户的线索池：east-pool, vip）：请在“名单 → 公海池”中添加，或改选其他线索池',
    });
    expect(found[0]!.message.en).toBe(`policy "routing", node "reclaim" (poolId): ${found[0]!.detail.en}`);
    // No pool at all yet: said so.
    expect(unknownRosterRefs([p], { reps, pools: [] }).map((u) => u.detail.zh)).toEqual([
      '线索池“public”尚未设置，放入其中的线索销售无法领取（租户尚未设置任何线索池）：请在“名单 → 公海池”中添加，或改选其他线索池',
      '线索池“east-pool”尚未设置，放入其中的线索销售无法领取（租户尚未设置任何线索池）：请在“名单 → 公海池”中添加，或改选其他线索池',
    ]);
    // A roster without its pools (a history, a roster file) checks none.
    expect(unknownRosterRefs([p], { reps })).toEqual([]);
  });

  it('an escalation to the manager of a team the roster does not know is warned, saying it is the team whose manager is meant', () => {
    const roster = {
      reps: [
        { id: 'wang', teams: ['ae-east'] },
        { id: 'li', teams: ['sdr'] },
      ],
    };
    const p = policy([
      node('esc', 'notify', {
        mode: 'escalate',
        to: [
          { kind: 'manager', id: 'ae' },
          { kind: 'manager', id: 'sdr' },
        ],
        message: { en: 'x', zh: 'x' },
      }),
    ]);
    const found = unknownRosterRefs([p], roster);
    expect(found.map((u) => [u.nodeId, u.path, u.documentPath, u.kind, u.value, u.reason, u.manager])).toEqual([
      ['esc', 'to[0].id', '$.nodes[0].data.to[0].id', 'team', 'ae', 'unknown', true],
    ]);
    expect(found[0]!.detail).toEqual({
      en: `the manager of team "ae" is meant, but no rep of the roster is in team "ae" (the roster's teams: ae-east, sdr)`,
      zh: '此处指团队“ae”的主管，但名单中没有团队“ae”的销售（名单中的团队：ae-east, sdr）',
    });
    expect(found[0]!.message).toEqual({
      en: `policy "routing", node "esc" (to[0].id): the manager of team "ae" is meant, but no rep of the roster is in team "ae" (the roster's teams: ae-east, sdr)`,
      zh: '策略“routing”节点“esc”（to[0].id）：此处指团队“ae”的主管，但名单中没有团队“ae”的销售（名单中的团队：ae-east, sdr）',
    });
  });

  it('a manager queue’s team is checked the same way', () => {
    const roster = { reps: [{ id: 'east-1', teams: ['east'] }] };
    const found = unknownRosterRefs([policy([node('westQueue', 'assign.managerQueue', { queueId: 'west-manual', team: 'west' })])], roster);
    expect(found.map((u) => [u.path, u.value, u.reason])).toEqual([['team', 'west', 'unknown']]);
    expect(found[0]!.detail).toEqual({
      en: `the manager of team "west" is meant, but no rep of the roster is in team "west" (the roster's teams: east)`,
      zh: '此处指团队“west”的主管，但名单中没有团队“west”的销售（名单中的团队：east）',
    });
    expect(unknownRosterRefs([policy([node('eastQueue', 'assign.managerQueue', { queueId: 'm', team: 'east' })])], roster)).toEqual([]);
  });

  it('a team whose reps are all inactive still has its manager: an escalation to them is not warned, a rotation over it is', () => {
    const roster = {
      reps: [
        { id: 'wang', teams: ['ae'], active: false },
        { id: 'li', teams: ['sdr'] },
      ],
    };
    const p = policy([
      node('rr', 'assign.roundRobin', { teams: ['ae'] }),
      node('esc', 'notify', {
        mode: 'escalate',
        to: [
          { kind: 'manager', id: 'ae' },
          { kind: 'manager', id: 'gone' },
        ],
        message: { en: 'x', zh: 'x' },
      }),
    ]);
    expect(unknownRosterRefs([p], roster).map((u) => [u.nodeId, u.value, u.reason, u.detail.en])).toEqual([
      ['rr', 'ae', 'inactive', `every rep of team "ae" is inactive (the roster's active teams: sdr)`],
      ['esc', 'gone', 'unknown', `the manager of team "gone" is meant, but no rep of the roster is in team "gone" (the roster's active teams: sdr)`],
    ]);
  });
});
