import { examplePolicy } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { compilePolicy, relationLookupKeys, type CompiledPolicy } from '../../src/index.js';

/** The example policy with one node's data changed (to try family off, or another kind of node). */
function compiled(name: string, nodeId: string, patch: (data: Record<string, unknown>) => Record<string, unknown>): CompiledPolicy {
  const doc = structuredClone(examplePolicy(name)) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
  const node = doc.nodes.find((n) => n.id === nodeId)!;
  node.data = patch(node.data);
  const result = compilePolicy(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

const DELTA = [{ parent: '德尔塔集团', subsidiaries: ['德尔塔科技', '德尔塔物流'] }];
// The s25 conflict policy: family on, the group 德尔塔集团 → 德尔塔科技, 德尔塔物流.
const conflict = compiled('s25-conflict-first-discovered', 'conflict', (d) => d);
const noFamily = compiled('s25-conflict-first-discovered', 'conflict', (d) => ({ ...d, family: false }));
const noCompany = compiled('s25-conflict-first-discovered', 'conflict', (d) => ({ ...d, keys: ['emailDomain', 'phone'] }));
const coFollow = compiled('s21-co-follow', 'coFollow', (d) => ({ ...d, accountRelations: DELTA }));
const coFollowBare = compiled('s21-co-follow', 'coFollow', (d) => d);

describe('relationLookupKeys', () => {
  it("gives a family conflict the other group names' company and parent-company keys", () => {
    // 德尔塔物流有限公司 is 德尔塔物流 once its legal form goes, and 德尔塔集团 is 德尔塔 ('集团' is a group
    // form, matching/words.ts): the group adds 德尔塔 and 德尔塔科技, each looked up as a company ('c:')
    // and, with family, as a parent company ('pc:').
    expect(relationLookupKeys([conflict], { id: 'L-1', company: '德尔塔物流有限公司' })).toEqual(['c:德尔塔', 'c:德尔塔科技', 'pc:德尔塔', 'pc:德尔塔科技']);
  });

  it("reaches the group through the lead's parent company, leaving out the lead's own names", () => {
    expect(relationLookupKeys([conflict], { id: 'L-2', company: '欧米茄贸易有限公司', parentCompany: '德尔塔集团' })).toEqual([
      'c:德尔塔物流',
      'c:德尔塔科技',
      'pc:德尔塔物流',
      'pc:德尔塔科技',
    ]);
  });

  it('gives nothing to a lead outside every group, or with no lead', () => {
    expect(relationLookupKeys([conflict], { id: 'L-3', company: '阿克米信息科技有限公司' })).toEqual([]);
    expect(relationLookupKeys([conflict], undefined)).toEqual([]);
    expect(relationLookupKeys([], { id: 'L-1', company: '德尔塔物流有限公司' })).toEqual([]);
  });

  it('gives nothing for a conflict node that does not read relations (family off, or no company key)', () => {
    expect(relationLookupKeys([noFamily, noCompany], { id: 'L-1', company: '德尔塔物流有限公司' })).toEqual([]);
  });

  it('gives a co-follow node company keys only (it searches customers by name, no parent-company keys)', () => {
    expect(relationLookupKeys([coFollow], { id: 'L-1', company: '德尔塔物流有限公司' })).toEqual(['c:德尔塔', 'c:德尔塔科技']);
    expect(relationLookupKeys([coFollowBare], { id: 'L-1', company: '德尔塔物流有限公司' })).toEqual([]);
  });

  it('merges the keys of several policies once each', () => {
    expect(relationLookupKeys([coFollow, conflict], { id: 'L-1', company: '德尔塔物流有限公司' })).toEqual([
      'c:德尔塔',
      'c:德尔塔科技',
      'pc:德尔塔',
      'pc:德尔塔科技',
    ]);
  });
});
