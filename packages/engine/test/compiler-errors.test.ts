/**
 * Issue 9, "say it clearly": the compiler reports every error it can find in one pass, and its
 * messages say what to type instead — closest node kinds, the fact that was meant, the counts
 * against the size limits.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy, defaultRegistry, type CompileError, type PolicyDocumentInput } from '../src/index.js';

type NodeInput = PolicyDocumentInput['nodes'][number];
type EdgeInput = PolicyDocumentInput['edges'][number];

const HAN = /[\u4e00-\u9fff]/;
const T: NodeInput = { id: 't', type: 'trigger', data: { events: ['lead.created'] } };
const notify = (id: string): NodeInput => ({ id, type: 'notify', data: { to: [{ kind: 'team', id: 'ae' }], message: { en: id, zh: `通知 ${id}` } } });
const cond = (id: string, fact: string): NodeInput => ({ id, type: 'condition', data: { condition: { fact, operator: 'equal', value: 'east' } } });
const e = (id: string, source: string, target: string, sourceHandle?: string): EdgeInput => ({ id, source, target, ...(sourceHandle ? { sourceHandle } : {}) });
const doc = (nodes: NodeInput[], edges: EdgeInput[]): PolicyDocumentInput => ({ key: 'test', kind: 'routing', name: 'test', nodes, edges });

function errorsOf(input: unknown): CompileError[] {
  const result = compilePolicy(input);
  if (result.ok) throw new Error('expected compile errors, got a policy');
  for (const err of result.errors) {
    expect(err.message.zh).toMatch(HAN);
    expect(err.message.zh).not.toBe(err.message.en);
  }
  return result.errors;
}
const brief = (errors: CompileError[]) => errors.map(({ message: _m, ...rest }) => rest);

describe('every error in one pass', () => {
  // Ten independent mistakes that used to surface over four rounds of fixing.
  const broken = doc(
    [
      T,
      { id: 'g', type: 'condition', data: { condition: { fact: 'score', operator: 'greaterThan', value: 10 } } },
      { id: 'sc', type: 'score', data: { criteria: [{ when: { fact: 'lead.budget', operator: 'exists', value: true }, points: 20 }] } },
      notify('a'),
      notify('x'),
      notify('y'),
      notify('island'),
      { id: 'k', type: 'teleprot' },
      { id: 'cfg', type: 'condition' },
      cond('typo', 'leed.region'),
    ],
    [
      e('e1', 't', 'g'),
      e('e2', 'g', 'sc', 'true'),
      e('e3', 'g', 'a', 'maybe'),
      e('e4', 'sc', 'x'),
      e('e5', 'x', 'y'),
      e('e6', 'y', 'x'),
      e('e7', 'a', 'ghost'),
      e('e8', 't', 'k'),
      e('e9', 'sc', 'cfg'),
      e('e10', 't', 'typo'),
      e('e11', 'typo', 'a', 'true'),
      e('e12', 'typo', 'a', 'false'),
    ],
  );

  it('config, edge, graph, reachability and fact errors come back together, each naming its node', () => {
    expect(brief(errorsOf(broken))).toEqual([
      { code: 'invalidConfig', nodeId: 'cfg', field: 'condition' },
      { code: 'unknownKind', nodeId: 'k', field: 'type' },
      { code: 'invalidConfig', nodeId: 'typo', field: 'condition.fact' },
      { code: 'badHandle', nodeId: 'g', edgeId: 'e3' },
      { code: 'danglingEdge', edgeId: 'e7', nodeId: 'a', field: 'edges[6].target' },
      { code: 'cycle', nodeId: 'x' },
      { code: 'unreachable', nodeId: 'island' },
      { code: 'readBeforeWrite', nodeId: 'g', field: 'condition.fact' },
    ]);
  });

  it('the messages say what is wrong in both languages', () => {
    const byCode = new Map(errorsOf(broken).map((err) => [`${err.code}:${err.nodeId}`, err.message]));
    expect(byCode.get('invalidConfig:typo')).toEqual({
      en: 'unknown fact "leed.region" — did you mean "lead.region"? A fact path must start with one of lead, event, derived, owner, rep, score, grade, stage, outcome',
      zh: '未知的事实 "leed.region"——是否想写 "lead.region"？事实路径必须以 lead、event、derived、owner、rep、score、grade、stage、outcome 之一开头',
    });
    expect(byCode.get('unknownKind:k')!.en).toMatch(/^unknown node kind "teleprot"; valid kinds, closest first: /);
    expect(byCode.get('cycle:x')).toEqual({ en: 'the flow loops: x → y → x', zh: '流程出现循环：x → y → x' });
    expect(byCode.get('readBeforeWrite:g')!.en).toBe('node g reads "score" but node sc, which sets it, does not come before it');
  });

  it('fixing one error does not reveal another: the rest stay as they were', () => {
    const fixed = { ...broken, nodes: broken.nodes.filter((n) => n.id !== 'island') };
    const before = brief(errorsOf(broken)).filter((err) => err.nodeId !== 'island');
    expect(brief(errorsOf(fixed))).toEqual(before);
  });

  it('a trigger with a broken config is not also reported missing, and what follows it is not unreachable', () => {
    const errors = errorsOf(doc([{ id: 't', type: 'trigger', data: { events: [] } }, notify('a')], [e('e1', 't', 'a')]));
    expect(brief(errors)).toEqual([{ code: 'invalidConfig', nodeId: 't', field: 'events' }]);
  });
});

describe('an unknown node kind lists the valid ones, closest first', () => {
  const kindsFor = (typed: string) => {
    const [err] = errorsOf(doc([T, { id: 'n', type: typed }], [e('e1', 't', 'n')]));
    expect(err!.code).toBe('unknownKind');
    const en = err!.message.en.split('closest first: ')[1]!.split(', ');
    const zh = err!.message.zh.split('（最接近的在前）：')[1]!.split('、');
    expect(zh).toEqual(en);
    return en;
  };

  it.each([
    ['triger', 'trigger'],
    ['notfy', 'notify'],
    ['roundRobin', 'assign.roundRobin'],
    ['assign.toPol', 'assign.toPool'],
    ['swich', 'switch'],
  ])('"%s" → %s first', (typed, first) => {
    expect(kindsFor(typed)[0]).toBe(first);
  });

  it('every registered kind is listed exactly once, nearer before farther', () => {
    const kinds = kindsFor('assign.roundRobn');
    expect([...kinds].sort()).toEqual(
      defaultRegistry
        .list()
        .map((s) => s.kind)
        .sort(),
    );
    expect(kinds[0]).toBe('assign.roundRobin');
    expect(kinds.indexOf('assign.roundRobin')).toBeLessThan(kinds.indexOf('assign.weightedRoundRobin'));
    expect(kinds.indexOf('assign.leastLoaded')).toBeLessThan(kinds.indexOf('penalty.hoarding'));
  });
});

describe('unknown fact roots are quoted', () => {
  it('a far-off root gets no guess, just the roots to choose from', () => {
    const [err] = errorsOf(doc([T, cond('c', 'customer.region'), notify('a')], [e('e1', 't', 'c'), e('e2', 'c', 'a', 'true'), e('e3', 'c', 'a', 'false')]));
    expect(err).toMatchObject({ code: 'invalidConfig', nodeId: 'c', field: 'condition.fact' });
    expect(err!.message.en).toBe(
      'unknown fact "customer.region"; a fact path must start with one of lead, event, derived, owner, rep, score, grade, stage, outcome',
    );
    expect(err!.message.zh).toBe('未知的事实 "customer.region"；事实路径必须以 lead、event、derived、owner、rep、score、grade、stage、outcome 之一开头');
  });
});

describe('the size limit says how big the document is', () => {
  const chain = (n: number) => Array.from({ length: n }, (_, i) => notify(`n${i}`));

  it('612 nodes: at most 500', () => {
    const errors = errorsOf(doc([T, ...chain(611)], [e('e0', 't', 'n0')]));
    expect(errors).toEqual([
      { code: 'invalidDocument', field: 'nodes', message: { en: 'the policy has 612 nodes; at most 500', zh: '策略有 612 个节点，最多 500 个' } },
    ]);
  });

  it('2,001 edges: at most 2,000', () => {
    const edges = Array.from({ length: 2001 }, (_, i) => e(`e${i}`, 't', 'n0'));
    const errors = errorsOf(doc([T, notify('n0')], edges));
    expect(errors).toEqual([
      { code: 'invalidDocument', field: 'edges', message: { en: 'the policy has 2001 edges; at most 2000', zh: '策略有 2001 条连线，最多 2000 条' } },
    ]);
  });

  it('exactly at the limit compiles', () => {
    const nodes = [T, ...chain(499)];
    const edges = nodes.slice(1).map((n, i) => e(`e${i}`, nodes[i]!.id, n.id));
    expect(compilePolicy(doc(nodes, edges)).ok).toBe(true);
  });
});
