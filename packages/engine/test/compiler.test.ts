/**
 * The compiler's contract with the editor: every error names the node (and the field, for
 * config errors) in English and Chinese; unsafe fact paths never compile; output is
 * deterministic; rules carry their path and run upstream effects first.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, decideReference, InMemoryState, type CompileError, type PolicyDocumentInput, type SluiceEvent } from '../src/index.js';
import type { Condition } from '../src/expression/condition.js';

type NodeInput = PolicyDocumentInput['nodes'][number];
type EdgeInput = PolicyDocumentInput['edges'][number];

const T: NodeInput = { id: 't', type: 'trigger', data: { events: ['lead.created'] } };
const notify = (id: string): NodeInput => ({
  id,
  type: 'notify',
  data: { to: [{ kind: 'team', id: 'ae' }], message: { en: `from ${id}`, zh: `来自 ${id}` } },
});
const cond = (id: string, condition: Condition): NodeInput => ({ id, type: 'condition', data: { condition } });
const score = (id: string): NodeInput => ({
  id,
  type: 'score',
  data: { criteria: [{ when: { fact: 'lead.budget', operator: 'exists', value: true }, points: 20 }] },
});
const e = (id: string, source: string, target: string, sourceHandle?: string): EdgeInput => ({ id, source, target, ...(sourceHandle ? { sourceHandle } : {}) });
const doc = (nodes: NodeInput[], edges: EdgeInput[]): PolicyDocumentInput => ({ key: 'test', kind: 'routing', name: 'test', nodes, edges });

const HAN = /[\u4e00-\u9fff]/;

function errorsOf(input: unknown): CompileError[] {
  const result = compilePolicy(input);
  if (result.ok) throw new Error('expected compile errors, got a policy');
  for (const err of result.errors) {
    expect(err.message.en.length).toBeGreaterThan(0);
    expect(err.message.zh).toMatch(HAN);
    expect(err.message.zh).not.toBe(err.message.en);
  }
  return result.errors;
}

function compiled(input: unknown) {
  const result = compilePolicy(input);
  if (!result.ok) throw new Error(`expected a policy, got ${JSON.stringify(result.errors)}`);
  return result.policy;
}

/** The parts of errors a test pins down; messages are checked separately. */
const brief = (errors: CompileError[]) => errors.map(({ message: _m, ...rest }) => rest);

describe('graph errors name the node', () => {
  it('a cycle is reported with the loop spelled out', () => {
    const errors = errorsOf(doc([T, notify('a'), notify('b')], [e('e1', 't', 'a'), e('e2', 'a', 'b'), e('e3', 'b', 'a')]));
    expect(errors).toEqual([{ code: 'cycle', nodeId: 'a', message: { en: 'the flow loops: a → b → a', zh: '流程出现循环：a → b → a' } }]);
  });

  it('a cycle through a condition and a self-loop are found too', () => {
    const through = errorsOf(
      doc(
        [T, cond('c', { fact: 'lead.region', operator: 'equal', value: 'east' }), notify('x'), notify('y')],
        [e('e1', 't', 'c'), e('e2', 'c', 'x', 'true'), e('e3', 'x', 'y'), e('e4', 'y', 'c')],
      ),
    );
    expect(through.map((x) => x.message.en)).toEqual(['the flow loops: c → x → y → c']);
    const self = errorsOf(doc([T, notify('a')], [e('e1', 't', 'a'), e('e2', 'a', 'a')]));
    expect(self).toEqual([{ code: 'cycle', nodeId: 'a', message: { en: 'the flow loops: a → a', zh: '流程出现循环：a → a' } }]);
  });

  it('a dangling edge names the edge, the node that exists and the field', () => {
    const errors = errorsOf(doc([T, notify('a')], [e('e1', 't', 'a'), e('e2', 'a', 'ghost'), e('e3', 'phantom', 'a')]));
    expect(brief(errors)).toEqual([
      { code: 'danglingEdge', edgeId: 'e2', nodeId: 'a', field: 'edges[1].target' },
      { code: 'danglingEdge', edgeId: 'e3', nodeId: 'a', field: 'edges[2].source' },
    ]);
    expect(errors[0]!.message.en).toContain('"ghost"');
    expect(errors[1]!.message.zh).toContain('"phantom"');
  });

  it('edges to and from a node of unknown kind are not reported as dangling, nor what lies behind it as unreachable', () => {
    const errors = errorsOf(doc([T, { id: 'x', type: 'teleport' }, notify('a'), notify('a')], [e('e1', 't', 'x'), e('e2', 'x', 'a')]));
    expect(brief(errors)).toEqual([
      { code: 'duplicateId', nodeId: 'a' },
      { code: 'unknownKind', nodeId: 'x', field: 'type' },
    ]);
    expect(errors[0]!.message).toEqual({ en: 'two nodes have id "a"', zh: '有两个节点的 id 都是 "a"' });
    expect(errors[1]!.message.en).toMatch(/^unknown node kind "teleport"; valid kinds, closest first: assign\.toPool, /);
    expect(errors[1]!.message.zh).toMatch(/^未知的节点类型 "teleport"；可用类型（最接近的在前）：assign\.toPool、/);
  });

  it('missing or invalid config names the field path inside the config', () => {
    const errors = errorsOf(
      doc(
        [
          T,
          { id: 'sw', type: 'switch', data: { fact: 'lead.region', cases: [{ id: 'east', values: [] }] } },
          { id: 'c', type: 'condition' },
          { id: 'n', type: 'notify', data: { to: [], message: { en: 'x', zh: 'x' } } },
          cond('big', { all: [{ fact: 'lead.amount', operator: 'greaterThan', value: 'ten' }] }),
          cond('list', { fact: 'lead.region', operator: 'in', value: 'east' }),
        ],
        [e('e1', 't', 'sw')],
      ),
    );
    // Nodes are checked in id order.
    expect(brief(errors)).toEqual([
      { code: 'invalidConfig', nodeId: 'big', field: 'condition.all[0].value' },
      { code: 'invalidConfig', nodeId: 'c', field: 'condition' },
      { code: 'invalidConfig', nodeId: 'list', field: 'condition.value' },
      { code: 'invalidConfig', nodeId: 'n', field: 'to' },
      { code: 'invalidConfig', nodeId: 'sw', field: 'cases[0].values' },
      // Found in the same pass: the two readable conditions lead nowhere, and only sw is wired in.
      { code: 'deadEnd', nodeId: 'big' },
      { code: 'deadEnd', nodeId: 'list' },
      { code: 'unreachable', nodeId: 'big' },
      { code: 'unreachable', nodeId: 'c' },
      { code: 'unreachable', nodeId: 'list' },
      { code: 'unreachable', nodeId: 'n' },
    ]);
    expect(errors[0]!.message).toEqual({ en: 'operator "greaterThan" needs a number value', zh: '运算符 "greaterThan" 需要数字类型的值' });
    expect(errors[2]!.message).toEqual({ en: 'operator "in" needs a array value', zh: '运算符 "in" 需要列表类型的值' });
  });

  it('an unreachable node is named', () => {
    const errors = errorsOf(doc([T, notify('a'), notify('island')], [e('e1', 't', 'a')]));
    expect(errors).toEqual([
      { code: 'unreachable', nodeId: 'island', message: { en: 'node island cannot be reached from the trigger', zh: '节点 island 无法从触发节点到达' } },
    ]);
  });

  it('a switch without a default branch is rejected', () => {
    const sw: NodeInput = { id: 'sw', type: 'switch', data: { fact: 'lead.region', cases: [{ id: 'east', values: ['east'] }] } };
    const errors = errorsOf(doc([T, sw, notify('a')], [e('e1', 't', 'sw'), e('e2', 'sw', 'a', 'east')]));
    expect(brief(errors)).toEqual([{ code: 'missingBranch', nodeId: 'sw' }]);
    expect(errors[0]!.message.en).toContain('"default"');
    expect(errors[0]!.message.zh).toContain('"default"');
  });

  it('two triggers: the second (by id) is named', () => {
    const t2: NodeInput = { id: 't2', type: 'trigger', data: { events: ['tick'] } };
    const errors = errorsOf(doc([t2, T, notify('a')], [e('e1', 't', 'a'), e('e2', 't2', 'a')]));
    expect(errors).toEqual([
      { code: 'twoTriggers', nodeId: 't2', message: { en: 'a flow has one trigger; t is already one', zh: '一个流程只能有一个触发节点，t 已是触发节点' } },
    ]);
  });

  it('an edge into the trigger is rejected (before it is seen as a cycle)', () => {
    const errors = errorsOf(doc([T, notify('a')], [e('e1', 't', 'a'), e('e2', 'a', 't')]));
    expect(errors).toEqual([
      { code: 'edgeIntoTrigger', nodeId: 't', edgeId: 'e2', message: { en: 'nothing may flow into a trigger', zh: '触发节点不能有连入的连线' } },
    ]);
  });

  it('a terminal node (send to pool, manager queue) may not have outgoing edges', () => {
    const pool: NodeInput = { id: 'pool', type: 'assign.toPool', data: { poolId: 'public' } };
    const queue: NodeInput = { id: 'queue', type: 'assign.managerQueue', data: { queueId: 'manual' } };
    const c = cond('c', { fact: 'lead.region', operator: 'equal', value: 'east' });
    const errors = errorsOf(
      doc(
        [T, c, pool, queue, notify('a')],
        [e('e1', 't', 'c'), e('e2', 'c', 'pool', 'true'), e('e3', 'c', 'queue', 'false'), e('e4', 'pool', 'a'), e('e5', 'queue', 'a')],
      ),
    );
    expect(brief(errors)).toEqual([
      { code: 'terminalHasEdges', nodeId: 'pool', edgeId: 'e4' },
      { code: 'terminalHasEdges', nodeId: 'queue', edgeId: 'e5' },
    ]);
    expect(errors[0]!.message.en).toBe('Send to pool node pool ends the flow and cannot have outgoing edges');
    expect(errors[1]!.message.zh).toBe('“主管手动分配”节点 queue 是终点，不能再连出连线');
  });

  it('a handle the source does not offer is named with the ones it does', () => {
    const c = cond('c', { fact: 'lead.region', operator: 'equal', value: 'east' });
    const errors = errorsOf(
      doc([T, c, notify('a'), notify('b')], [e('e1', 't', 'c'), e('e2', 'c', 'a', 'true'), e('e3', 'c', 'b', 'maybe'), e('e4', 'a', 'b', 'later')]),
    );
    expect(brief(errors)).toEqual([
      { code: 'badHandle', nodeId: 'c', edgeId: 'e3' },
      { code: 'badHandle', nodeId: 'a', edgeId: 'e4' },
    ]);
    expect(errors[0]!.message.en).toBe('edge e3 leaves node c through "maybe"; choose one of: true, false');
    expect(errors[1]!.message.zh).toBe('连线 e4 从节点 a 的 "later" 出口连出；可选出口：next');
  });

  it('a condition reading the score before the score node runs is readBeforeWrite', () => {
    const c = cond('c', { fact: 'score', operator: 'greaterThanInclusive', value: 10 });
    const errors = errorsOf(doc([T, c, score('s'), notify('a')], [e('e1', 't', 'c'), e('e2', 'c', 's', 'true'), e('e3', 's', 'a')]));
    expect(errors).toEqual([
      {
        code: 'readBeforeWrite',
        nodeId: 'c',
        field: 'condition.fact',
        message: {
          en: 'node c reads "score" but node s, which sets it, does not come before it',
          zh: '节点 c 读取 "score"，但设置它的节点 s 不在它之前',
        },
      },
    ]);
    // The same condition after the score node compiles.
    compiled(doc([T, score('s'), c, notify('a')], [e('e1', 't', 's'), e('e2', 's', 'c'), e('e3', 'c', 'a', 'true')]));
  });

  it('a grade node placed before the score node is readBeforeWrite even when no band tests the score', () => {
    // Its MQL / SQL thresholds read the score while it runs (`reads`), not in a condition.
    const grade: NodeInput = {
      id: 'g',
      type: 'grade',
      data: { bands: [{ grade: 'A', when: { fact: 'lead.budget', operator: 'exists', value: true } }], mqlAt: 30 },
    };
    const errors = errorsOf(doc([T, grade, score('s')], [e('e1', 't', 'g'), e('e2', 'g', 's')]));
    expect(errors.map((x) => [x.code, x.nodeId])).toEqual([['readBeforeWrite', 'g']]);
    expect(errors[0]!.message.en).toBe('node g reads "score" but node s, which sets it, does not come before it');
  });

  it('an unknown derived fact, and an outcome of a node that has none, are unknownFact', () => {
    const errors = errorsOf(
      doc(
        [
          T,
          cond('c', {
            any: [
              { fact: 'lead.region', operator: 'equal', value: 'east' },
              { fact: 'derived.daysSinceBirthday', operator: 'lessThan', value: 3 },
            ],
          }),
          notify('n'),
          cond('d', { fact: 'outcome.n', operator: 'equal', value: 'assigned' }),
          cond('f', { fact: 'outcome.nobody', operator: 'equal', value: 'assigned' }),
          notify('z'),
        ],
        [e('e1', 't', 'c'), e('e2', 'c', 'n', 'true'), e('e3', 'n', 'd'), e('e4', 'd', 'f', 'true'), e('e5', 'f', 'z', 'false')],
      ),
    );
    expect(brief(errors)).toEqual([
      { code: 'unknownFact', nodeId: 'c', field: 'condition.any[1].fact' },
      { code: 'unknownFact', nodeId: 'd', field: 'condition.fact' },
      { code: 'unknownFact', nodeId: 'f', field: 'condition.fact' },
    ]);
    expect(errors[0]!.message.en).toMatch(/^unknown derived fact "derived.daysSinceBirthday"; known: .*derived.hoursSinceCreated/);
    expect(errors[2]!.message.en).toBe('"outcome.nobody" is not the outcome of any node: node nobody does not exist or has no outcome outputs');
  });

  it('reading the outcome of an assignment node that comes later is readBeforeWrite', () => {
    const rr: NodeInput = { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } };
    const c = cond('c', { fact: 'outcome.rr', operator: 'equal', value: 'assigned' });
    const errors = errorsOf(doc([T, c, rr], [e('e1', 't', 'c'), e('e2', 'c', 'rr', 'true')]));
    expect(brief(errors)).toEqual([{ code: 'readBeforeWrite', nodeId: 'c', field: 'condition.fact' }]);
  });
});

describe('fact path safety', () => {
  const BAD = ['lead.__proto__.x', 'lead.constructor', 'lead.prototype', '__proto__', 'lead.a..b', 'lead.a-b', 'lead.__defineGetter__', 'derived.constructor'];

  it.each(BAD)('%s is rejected wherever a fact path can be written, naming node and field', (bad) => {
    const rr: NodeInput = { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'], match: [{ repField: 'regions', fact: bad }] } };
    const errors = errorsOf(
      doc(
        [
          T,
          cond('lhs', {
            all: [
              { fact: 'lead.region', operator: 'exists', value: true },
              { fact: bad, operator: 'equal', value: 1 },
            ],
          }),
          cond('rhs', { fact: 'lead.region', operator: 'equal', value: { fact: bad } }),
          { id: 'sw', type: 'switch', data: { fact: bad, cases: [{ id: 'a', values: ['a'] }] } },
          { id: 'sc', type: 'score', data: { perUnit: [{ fact: bad, points: 1 }] } },
          rr,
        ],
        [e('e1', 't', 'lhs'), e('e2', 'lhs', 'rhs', 'true'), e('e3', 'rhs', 'sw', 'true'), e('e4', 'sw', 'sc', 'default'), e('e5', 'sc', 'rr')],
      ),
    );
    expect(brief(errors)).toEqual([
      { code: 'invalidConfig', nodeId: 'lhs', field: 'condition.all[1].fact' },
      { code: 'invalidConfig', nodeId: 'rhs', field: 'condition.value.fact' },
      { code: 'invalidConfig', nodeId: 'rr', field: 'match[0].fact' },
      { code: 'invalidConfig', nodeId: 'sc', field: 'perUnit[0].fact' },
      { code: 'invalidConfig', nodeId: 'sw', field: 'fact' },
    ]);
  });

  it('names the offending segment', () => {
    const messages = ['lead.__proto__.x', 'lead.a-b', 'lead.a..b', '__proto__'].map(
      (bad) => errorsOf(doc([T, cond('c', { fact: bad, operator: 'exists', value: true })], [e('e1', 't', 'c')]))[0]!.message.en,
    );
    expect(messages.slice(0, 3)).toEqual([
      'segment "__proto__" is not allowed in a fact path',
      'segment "a-b" is not a plain property name (letters, digits, underscore)',
      'segment "" is not a plain property name (letters, digits, underscore)',
    ]);
    expect(messages[3]).toMatch(/^unknown fact "__proto__"; a fact path must start with one of lead, event, derived, owner, .*score, grade, stage, outcome/);
  });

  it('inherited properties read as undefined: own properties only', async () => {
    // JSON.parse makes "__proto__" an own key; its contents must not leak into lead.x.
    const lead = JSON.parse('{"id":"L","__proto__":{"x":1}}') as SluiceEvent['lead'];
    const state = InMemoryState.from({});
    for (const path of ['lead.toString', 'lead.valueOf', 'lead.hasOwnProperty', 'lead.x']) {
      const policy = compiled(
        doc(
          [T, cond('c', { fact: path, operator: 'exists', value: true }), notify('yes'), notify('no')],
          [e('e1', 't', 'c'), e('e2', 'c', 'yes', 'true'), e('e3', 'c', 'no', 'false')],
        ),
      );
      const event = { id: 'e', type: 'lead.created', at: '2026-03-02T02:00:00Z', lead } as SluiceEvent;
      const decision = decide(policy, event, state, event.at);
      expect([path, decision.actions.map((a) => a.nodeId)]).toEqual([path, ['no']]);
      expect(decision.explanation.visited.find((v) => v.nodeId === 'c')!.condition).toEqual({
        fact: path,
        operator: 'exists',
        value: true,
        saw: null,
        result: false,
      });
      expect(await decideReference(policy, event, state, event.at)).toStrictEqual(decision);
    }
    // Control: an own property is seen.
    const own = compiled(
      doc(
        [T, cond('c', { fact: 'lead.y', operator: 'equal', value: 2 }), notify('yes'), notify('no')],
        [e('e1', 't', 'c'), e('e2', 'c', 'yes', 'true'), e('e3', 'c', 'no', 'false')],
      ),
    );
    const event = { id: 'e', type: 'lead.created', at: '2026-03-02T02:00:00Z', lead: { id: 'L', y: 2 } } as SluiceEvent;
    expect(decide(own, event, state, event.at).actions.map((a) => a.nodeId)).toEqual(['yes']);
  });
});

// t → c ─true→ n1 → n4
//      └false→ sw ─east→ n2
//                 └default→ n3
const REGION: Condition = { fact: 'lead.region', operator: 'equal', value: 'east' };
const branching = () =>
  doc(
    [
      T,
      cond('c', { fact: 'lead.amount', operator: 'greaterThan', value: 1000 }),
      {
        id: 'sw',
        type: 'switch',
        data: {
          fact: 'lead.region',
          cases: [
            { id: 'east', values: ['east'] },
            { id: 'west', values: ['west', 'w'] },
          ],
        },
      },
      notify('n1'),
      notify('n2'),
      notify('n3'),
      notify('n4'),
    ],
    [
      e('e1', 't', 'c'),
      e('e2', 'c', 'n1', 'true'),
      e('e3', 'c', 'sw', 'false'),
      e('e4', 'sw', 'n2', 'east'),
      e('e5', 'sw', 'n3', 'default'),
      e('e6', 'n1', 'n4'),
    ],
  );

describe('rules', () => {
  it('carry their node path and a name; conditions are the guards along the path', () => {
    const policy = compiled(branching());
    expect(policy.rules.map((r) => [r.name, r.priority, r.event.params.path, r.event.params.nodeId, r.event.type])).toEqual([
      ['t>c:true>n1#0', 2, ['t', 'c', 'n1'], 'n1', 'notify'],
      ['t>c:true>n1>n4#0', 1, ['t', 'c', 'n1', 'n4'], 'n4', 'notify'],
      ['t>c:false>sw:east>n2#0', 1, ['t', 'c', 'sw', 'n2'], 'n2', 'notify'],
      ['t>c:false>sw:default>n3#0', 1, ['t', 'c', 'sw', 'n3'], 'n3', 'notify'],
    ]);
    const big: Condition = { fact: 'lead.amount', operator: 'greaterThan', value: 1000 };
    expect(policy.rules[3]).toEqual({
      name: 't>c:false>sw:default>n3#0',
      priority: 1,
      conditions: {
        all: [
          { all: [{ not: big }], name: 'c:false' },
          {
            all: [{ not: { any: [REGION, { fact: 'lead.region', operator: 'in', value: ['west', 'w'] }] } }],
            name: 'sw:default',
          },
        ],
      },
      event: { type: 'notify', params: { nodeId: 'n3', path: ['t', 'c', 'sw', 'n3'], emission: 0 } },
    });
  });

  it('priorities put upstream effects first', () => {
    // t → s (score) → g (grade) → n: levels 1, 2, 3.
    const grade: NodeInput = { id: 'g', type: 'grade', data: { bands: [{ grade: 'A', minScore: 20 }] } };
    const policy = compiled(doc([T, score('s'), grade, notify('n')], [e('e1', 't', 's'), e('e2', 's', 'g'), e('e3', 'g', 'n')]));
    const byNode = new Map<string, Set<number>>();
    for (const r of policy.rules) byNode.set(r.event.params.nodeId, (byNode.get(r.event.params.nodeId) ?? new Set()).add(r.priority));
    expect([...byNode].map(([id, p]) => [id, [...p]])).toEqual([
      ['s', [3]],
      ['g', [2]],
      ['n', [1]],
    ]);
    expect(policy.plan.strata.map((s) => s.priority)).toEqual([3, 2, 1]);
    // a node reached by a short and a long path runs after everything on the long one
    const diamond = compiled(doc([T, notify('a'), notify('b'), notify('z')], [e('e1', 't', 'a'), e('e2', 'a', 'b'), e('e3', 'b', 'z'), e('e4', 't', 'z')]));
    expect(diamond.rules.map((r) => [r.name, r.priority])).toEqual([
      ['t>a#0', 3],
      ['t>a>b#0', 2],
      ['t>a>b>z#0', 1],
      ['t>z#0', 1],
    ]);
  });

  it('the same connection drawn twice is one edge, not two copies of every rule below it', () => {
    const once = compiled(branching());
    const twice = branching();
    twice.edges.push({ ...twice.edges[1]!, id: 'e2-again' }, { ...twice.edges[5]!, id: 'e6-again' });
    expect(JSON.stringify(compiled(twice).rules)).toBe(JSON.stringify(once.rules));
  });
});

describe('determinism', () => {
  const big = (): PolicyDocumentInput => {
    const d = branching();
    d.nodes.push(
      score('s'),
      {
        id: 'g',
        type: 'grade',
        data: {
          bands: [
            { grade: 'A', minScore: 20 },
            { grade: 'B', when: REGION },
          ],
        },
      },
      cond('hot', { fact: 'grade', operator: 'in', value: ['A', 'B'] }),
      {
        id: 'rr',
        type: 'assign.roundRobin',
        data: { teams: ['ae'] },
      },
      { id: 'pool', type: 'assign.toPool', data: { poolId: 'public' } },
    );
    d.edges.push(
      e('e7', 'n3', 's'),
      e('e8', 's', 'g'),
      e('e9', 'g', 'hot'),
      e('e10', 'hot', 'rr', 'true'),
      e('e11', 'rr', 'pool', 'noCandidate'),
      e('e12', 'hot', 'pool', 'false'),
    );
    return d;
  };
  const permute = <X>(xs: X[], seed: number): X[] => {
    // A fixed, seeded Fisher–Yates: reproducible shuffles without Math.random.
    const out = [...xs];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };

  it('shuffled nodes and edges compile to byte-identical rules', () => {
    const reference = JSON.stringify(compiled(big()).rules);
    expect(reference.length).toBeGreaterThan(1000);
    for (const seed of [1, 2, 3, 42, 1234]) {
      const d = big();
      const shuffled = { ...d, nodes: permute(d.nodes, seed), edges: permute(d.edges, seed * 7 + 1) };
      expect(shuffled.nodes.map((n) => n.id)).not.toEqual(d.nodes.map((n) => n.id));
      expect(JSON.stringify(compiled(shuffled).rules)).toBe(reference);
    }
    const reversed = { ...big(), nodes: [...big().nodes].reverse(), edges: [...big().edges].reverse() };
    expect(JSON.stringify(compiled(reversed).rules)).toBe(reference);
  });

  it('every rule names its path from the trigger to its node, and names are unique', () => {
    const rules = compiled(big()).rules;
    for (const r of rules) {
      const { path, nodeId, emission } = r.event.params;
      expect([r.name, path[0], path[path.length - 1], r.name.endsWith(`>${nodeId}#${emission}`)]).toEqual([r.name, 't', nodeId, true]);
    }
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
  });

  it('compiling twice gives identical output, and errors come in the same order too', () => {
    const a = compiled(big());
    const b = compiled(big());
    expect(JSON.stringify(b.rules)).toBe(JSON.stringify(a.rules));
    expect(b.plan.facts).toEqual(a.plan.facts);
    const broken = { ...big(), nodes: [...big().nodes, notify('island'), notify('islet')] };
    const shuffled = { ...broken, nodes: permute(broken.nodes, 9), edges: permute(broken.edges, 10) };
    expect(errorsOf(shuffled)).toEqual(errorsOf(broken));
    expect(brief(errorsOf(broken))).toEqual([
      { code: 'unreachable', nodeId: 'island' },
      { code: 'unreachable', nodeId: 'islet' },
    ]);
  });
});

describe('bad documents yield errors with field paths, never a throw', () => {
  it.each([null, undefined, 'policy', 42, [], true])('%j is not a policy document', (input) => {
    expect(brief(errorsOf(input))).toEqual([{ code: 'invalidDocument', field: '' }]);
  });

  it('missing keys are each named', () => {
    expect(brief(errorsOf({}))).toEqual(['key', 'kind', 'name', 'nodes', 'edges'].map((field) => ({ code: 'invalidDocument', field })));
  });

  it('nodes that are not an array, and broken entries inside arrays', () => {
    expect(brief(errorsOf({ key: 'k', kind: 'routing', name: 'n', nodes: 'x', edges: [] }))).toEqual([{ code: 'invalidDocument', field: 'nodes' }]);
    const errors = errorsOf({
      key: 'k',
      kind: 'routing',
      name: 'n',
      nodes: [null, { type: 'notify' }, { id: 'bad id!', type: 'notify' }],
      edges: [{ id: 'e1', source: 't' }],
    });
    expect(brief(errors)).toEqual([
      { code: 'invalidDocument', field: 'nodes[0]' },
      { code: 'invalidDocument', field: 'nodes[1].id' },
      { code: 'invalidDocument', field: 'nodes[2].id', nodeId: 'bad id!' },
      { code: 'invalidDocument', field: 'edges[0].target' },
    ]);
  });

  it('an empty flow has no trigger', () => {
    expect(errorsOf(doc([], []))).toEqual([{ code: 'noTrigger', message: { en: 'the flow has no trigger node', zh: '流程缺少触发节点' } }]);
  });
});
