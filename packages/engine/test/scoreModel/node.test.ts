import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  type CompiledPolicy,
  decide,
  decideReference,
  defaultRegistry,
  eventSchema,
  InMemoryState,
  type StateSnapshotInput,
  step,
  type StepResult,
} from '../../src/index.js';
import { CREATED, HAND_MODEL, hours, sigmoid } from './fixture.js';

const at = { x: 0, y: 0 };

function compiled(doc: unknown): CompiledPolicy {
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  return r.policy;
}

/** Smart score → grade by it → hot (≥ 50) to the senior team in turn, the rest to nurture. */
function smartRouting(smart: Record<string, unknown> = {}, gradeOn = 'lead.smartScore'): unknown {
  return {
    key: 'smart-routing',
    kind: 'routing',
    name: 'smart routing',
    trigger: { events: ['lead.created'] },
    nodes: [
      { id: 'start', type: 'trigger', position: at, data: { events: ['lead.created'] } },
      { id: 'smart', type: 'score.model', position: at, data: { model: 'hand', ...smart } },
      {
        id: 'grade',
        type: 'grade',
        position: at,
        data: {
          scoreFact: gradeOn,
          bands: [
            { grade: 'A', minScore: 60 },
            { grade: 'B', minScore: 40 },
          ],
          otherwise: 'C',
        },
      },
      { id: 'hot', type: 'condition', position: at, data: { condition: { fact: 'lead.smartScore', operator: 'greaterThanInclusive', value: 50 } } },
      { id: 'senior', type: 'assign.roundRobin', position: at, data: { teams: ['senior'] } },
      { id: 'nurture', type: 'assign.toPool', position: at, data: { poolId: 'nurture' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'smart' },
      { id: 'e2', source: 'smart', target: 'grade' },
      { id: 'e3', source: 'grade', target: 'hot' },
      { id: 'e4', source: 'hot', sourceHandle: 'true', target: 'senior' },
      { id: 'e5', source: 'hot', sourceHandle: 'false', target: 'nurture' },
    ],
  };
}

/** A later policy that reads the stored smart score only (no model of its own). */
const followUp = compiled({
  key: 'follow-up',
  kind: 'routing',
  name: 'follow up hot leads',
  trigger: { events: ['lead.updated'] },
  nodes: [
    { id: 'start', type: 'trigger', position: at, data: { events: ['lead.updated'] } },
    { id: 'isHot', type: 'condition', position: at, data: { condition: { fact: 'lead.smartScore', operator: 'greaterThanInclusive', value: 50 } } },
    {
      id: 'tell',
      type: 'notify',
      position: at,
      data: { to: [{ kind: 'team', id: 'senior' }], message: { en: 'hot lead {{lead.id}}', zh: '高分线索 {{lead.id}}' } },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'isHot' },
    { id: 'e2', source: 'isHot', sourceHandle: 'true', target: 'tell' },
  ],
});

function state(withModel = true): InMemoryState {
  const snapshot: StateSnapshotInput = {
    reps: [
      { id: 's-1', teams: ['senior'] },
      { id: 's-2', teams: ['senior'] },
    ],
    teams: [{ id: 'senior', name: 'Senior AEs' }],
    pools: [{ id: 'nurture', name: 'Nurture' }],
    // Lead A's touches: e-mails at +1 h and +5 h count; the call and the e-mail at +30 h do not.
    activities: [
      { leadId: 'A', repId: 's-1', at: hours(1), kind: 'email' },
      { leadId: 'A', repId: 's-1', at: hours(2), kind: 'call' },
      { leadId: 'A', repId: 's-1', at: hours(30), kind: 'email' },
      { leadId: 'A', repId: 's-1', at: hours(5), kind: 'email' },
    ],
    ...(withModel ? { models: [structuredClone(HAND_MODEL)] } : {}),
  };
  return InMemoryState.from(snapshot);
}

const NOW = hours(10);
const created = (id: string, lead: Record<string, unknown>) =>
  eventSchema.parse({ id: `e-${id}`, type: 'lead.created', at: NOW, lead: { id, createdAt: CREATED, ...lead } });
const LEAD_A = { totalVisits: 9, secondsOnSite: 0, source: '转介绍', hasBudget: true };

function ok(r: StepResult): Extract<StepResult, { ok: true }> {
  if (!r.ok) throw new Error(r.refusal.message.en);
  return r;
}

describe('score.model node in a policy', () => {
  it('writes the smart score to the lead, grades and routes by it, and records the model version', async () => {
    const policy = compiled(smartRouting());
    const s = state();
    const r = ok(step({ policies: [policy], state: s, event: created('A', LEAD_A), now: NOW }));
    const d = r.decisions[0]!;
    // Lead A's log-odds by hand (fixture.ts): −1 + 0.8 − 1.5 + 0.9 + 0.7 + 0.25 = 0.15 → σ = 0.537 → 53.7.
    expect(s.lead('A')?.smartScore).toBe(53.7);
    expect(s.lead('A')?.grade).toBe('B');
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'assign', leadId: 'A', repId: 's-1', nodeId: 'senior' }),
      // The last node that writes lead facts answers for the score action, as for points scores.
      { type: 'score', leadId: 'A', score: 0, grade: 'B', fields: { smartScore: 53.7 }, nodeId: 'grade' },
    ]);
    expect(d.changes).toContainEqual({ type: 'lead.facts', leadId: 'A', set: { grade: 'B', smartScore: 53.7 } });
    expect(d.models).toEqual([{ key: 'hand', version: 3 }]);
    const node = d.explanation.visited.find((v) => v.nodeId === 'smart')!;
    expect(node.detail).toMatchObject({ model: 'hand', version: 3, score: 53.7, field: 'lead.smartScore', value: 53.7 });
    expect((node.detail as { probability: number }).probability).toBeCloseTo(sigmoid(0.15), 12);
    expect((node.detail as { top: unknown[] }).top).toEqual([
      { id: 'timeOnSite', label: { en: 'Time on site', zh: '停留时长' }, value: 0, points: -30.1 },
      { id: 'source', label: { en: 'Source', zh: '来源' }, value: '转介绍', points: 19.4 },
      { id: 'visits', label: { en: 'Visits', zh: '访问次数' }, value: 9, points: 19.4 },
    ]);
    expect(node.note).toEqual({
      en: 'smart score 53.7 (model hand v3): Time on site = 0 −30.1, Source = Referral +19.4, Visits = 9 +19.4',
      zh: '智能评分 53.7（模型 hand v3）：停留时长=0 −30.1，来源=转介绍 +19.4，访问次数=9 +19.4',
    });
    expect(d.explanation.summary.en).toContain('smart score 53.7, grade B');
    expect(d.explanation.summary.zh).toContain('智能评分 53.7，等级 B');
    expect(d.explanation.warnings).toBeUndefined();
    // The reference evaluator (json-rules-engine) decides the same.
    const again = state();
    expect(await decideReference(policy, created('A', LEAD_A), again, NOW)).toStrictEqual(decide(policy, created('A', LEAD_A), state(), NOW));
  });

  it('a lead field written earlier in the same decision is what a later smart score reads', () => {
    // The first node writes its score into lead.totalVisits (53.7); the second reads that, not the stored 9.
    const doc = smartRouting() as { nodes: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> };
    doc.nodes.push({ id: 'first', type: 'score.model', position: at, data: { model: 'hand', writeTo: 'totalVisits' } });
    doc.edges[0] = { id: 'e1', source: 'start', target: 'first' };
    doc.edges.push({ id: 'e0', source: 'first', target: 'smart' });
    const s = state();
    ok(step({ policies: [compiled(doc)], state: s, event: created('A', LEAD_A), now: NOW }));
    // Visits 53.7 clamp to 20: 0.4 · (20 − 5) / 2 = 3.0 in place of 0.8 → z = 0.15 − 0.8 + 3.0 = 2.35 → 91.3.
    expect(s.lead('A')?.totalVisits).toBe(53.7);
    expect(s.lead('A')?.smartScore).toBe(Math.round(sigmoid(2.35) * 1000) / 10);
    expect(s.lead('A')?.smartScore).toBe(91.3);
  });

  it('a replay without explanations scores, writes and records the model exactly as an explained decision', () => {
    const policy = compiled(smartRouting());
    for (const [id, lead] of [
      ['A', LEAD_A],
      ['C', {}],
    ] as const) {
      const full = decide(policy, created(id, lead), state(), NOW);
      const lean = decide(policy, created(id, lead), state(), NOW, { explain: false });
      expect(lean.actions).toEqual(full.actions);
      expect(lean.changes).toEqual(full.changes);
      expect(lean.models).toEqual([{ key: 'hand', version: 3 }]);
      expect(lean.explanation.visited).toEqual([]);
    }
  });

  it('a cold lead goes to nurture with grade C; the score counts a lead with no touches as zero e-mails', () => {
    const s = state();
    const d = ok(step({ policies: [compiled(smartRouting())], state: s, event: created('C', {}), now: NOW })).decisions[0]!;
    // All features missing (−1 − 0.3 − 0.5 = −1.8), e-mails 0.25 · (0 − 1) = −0.25: σ(−2.05) = 0.1140 → 11.4.
    expect(s.lead('C')?.smartScore).toBe(11.4);
    expect(s.lead('C')?.grade).toBe('C');
    expect(s.lead('C')?.poolId).toBe('nurture');
    expect(d.actions.map((a) => a.type)).toEqual(['toPool', 'score']);
    expect(d.explanation.visited.find((v) => v.nodeId === 'smart')!.note!.en).toContain('Source = (missing) −');
    expect(d.explanation.visited.find((v) => v.nodeId === 'smart')!.note!.zh).toContain('来源=（缺失） −');
  });

  it('later decisions of other policies read the stored smart score like any lead field', () => {
    const s = state();
    ok(step({ policies: [compiled(smartRouting()), followUp], state: s, event: created('A', LEAD_A), now: NOW }));
    const later = eventSchema.parse({ id: 'u-1', type: 'lead.updated', at: hours(12), lead: { id: 'A', totalVisits: 10 } });
    const d = ok(step({ policies: [compiled(smartRouting()), followUp], state: s, event: later, now: hours(12) })).decisions;
    expect(d.map((x) => x.policy.key)).toEqual(['follow-up']);
    expect(d[0]!.actions).toEqual([expect.objectContaining({ type: 'notify', message: { en: 'hot lead A', zh: '高分线索 A' } })]);
    expect(d[0]!.models).toBeUndefined();
  });

  it('a scoring policy with the model runs first on an event, so a routing policy on the same event routes by its score', () => {
    const scoring = compiled({
      key: 'smart-scoring',
      kind: 'scoring',
      name: 'smart scoring',
      trigger: { events: ['lead.created'] },
      nodes: [
        { id: 'start', type: 'trigger', position: at, data: { events: ['lead.created'] } },
        { id: 'smart', type: 'score.model', position: at, data: { model: 'hand' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'smart' }],
    });
    const routing = compiled({
      key: 'a-routing',
      kind: 'routing',
      name: 'route by stored smart score',
      trigger: { events: ['lead.created'] },
      nodes: [
        { id: 'start', type: 'trigger', position: at, data: { events: ['lead.created'] } },
        { id: 'hot', type: 'condition', position: at, data: { condition: { fact: 'lead.smartScore', operator: 'greaterThanInclusive', value: 50 } } },
        { id: 'senior', type: 'assign.roundRobin', position: at, data: { teams: ['senior'] } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'hot' },
        { id: 'e2', source: 'hot', sourceHandle: 'true', target: 'senior' },
      ],
    });
    const s = state();
    const r = ok(step({ policies: [routing, scoring], state: s, event: created('A', LEAD_A), now: NOW }));
    expect(r.decisions.map((d) => [d.policy.key, d.models ?? null])).toEqual([
      ['smart-scoring', [{ key: 'hand', version: 3 }]],
      ['a-routing', null],
    ]);
    expect(s.lead('A')).toMatchObject({ smartScore: 53.7, ownerId: 's-1' });
  });

  it('a model not published: nothing is written, the decision warns in both languages and the flow goes on', () => {
    const s = state(false);
    const d = ok(step({ policies: [compiled(smartRouting())], state: s, event: created('A', LEAD_A), now: NOW })).decisions[0]!;
    expect(s.lead('A')?.smartScore).toBeUndefined();
    expect(d.explanation.warnings).toEqual([
      {
        code: 'modelMissing',
        nodeId: 'smart',
        error: 'score model hand not found',
        message: {
          en: 'model "hand" has no published version: the lead was not smart-scored',
          zh: '模型 "hand" 尚未发布：线索未进行智能评分',
        },
      },
    ]);
    // Grade and route on an absent smart score: C, nurture.
    expect(s.lead('A')?.grade).toBe('C');
    expect(s.lead('A')?.poolId).toBe('nurture');
    expect(d.models).toBeUndefined();
    expect(d.actions.find((a) => a.type === 'score')).toEqual({ type: 'score', leadId: 'A', score: 0, grade: 'C', nodeId: 'grade' });
  });

  it('a smart score alone leaves the points score the lead has: the CRM is told that score, not 0', () => {
    const s = state();
    const d = ok(step({ policies: [compiled(smartRouting())], state: s, event: created('A', { ...LEAD_A, score: 45 }), now: NOW })).decisions[0]!;
    expect(d.actions.find((a) => a.type === 'score')).toEqual({
      type: 'score',
      leadId: 'A',
      score: 45,
      grade: 'B',
      fields: { smartScore: 53.7 },
      nodeId: 'grade',
    });
    expect(s.lead('A')).toMatchObject({ score: 45, smartScore: 53.7 });
  });

  it('addToScore puts the 0–100 score on the running score, so a grade on `score` bands by it', () => {
    const s = state();
    const d = ok(step({ policies: [compiled(smartRouting({ addToScore: true }, 'score'))], state: s, event: created('A', LEAD_A), now: NOW })).decisions[0]!;
    expect(s.lead('A')).toMatchObject({ score: 53.7, smartScore: 53.7, grade: 'B' });
    expect(d.actions.find((a) => a.type === 'score')).toMatchObject({ score: 53.7, fields: { smartScore: 53.7 } });
  });

  it('output "probability" writes the calibrated probability to the field named', () => {
    const doc = smartRouting({ output: 'probability', writeTo: 'winChance' }) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
    // Grade and route on the probability field instead.
    doc.nodes.find((n) => n.id === 'grade')!.data.scoreFact = 'score';
    (doc.nodes.find((n) => n.id === 'hot')!.data.condition as { fact: string; value: number }).fact = 'lead.winChance';
    (doc.nodes.find((n) => n.id === 'hot')!.data.condition as { fact: string; value: number }).value = 0.5;
    const s = state();
    ok(step({ policies: [compiled(doc)], state: s, event: created('A', LEAD_A), now: NOW }));
    expect(s.lead('A')?.winChance).toBeCloseTo(sigmoid(0.15), 12);
    expect(s.lead('A')?.smartScore).toBeUndefined();
    expect(s.lead('A')?.ownerId).toBe('s-1');
  });

  it('a condition reading the smart score before the node that writes it does not compile', () => {
    const doc = smartRouting() as { nodes: unknown[]; edges: Array<{ id: string; source: string; target: string; sourceHandle?: string }> };
    doc.nodes.push({ id: 'early', type: 'condition', position: at, data: { condition: { fact: 'lead.smartScore', operator: 'greaterThan', value: 0 } } });
    doc.edges[0] = { id: 'e1', source: 'start', target: 'early' };
    doc.edges.push({ id: 'e9', source: 'early', sourceHandle: 'true', target: 'smart' });
    const r = compilePolicy(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual(
      expect.objectContaining({ code: 'readBeforeWrite', nodeId: 'early', message: expect.objectContaining({ en: expect.stringContaining('node smart') }) }),
    );
  });

  it('config errors name the field: a kept lead field, a malformed model key, explainTop out of range', () => {
    const spec = defaultRegistry.get('score.model')!;
    const issues = (data: unknown) => spec.schema.safeParse(data).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ model: 'hand', writeTo: 'ownerId' })).toEqual(['writeTo']);
    expect(issues({ model: 'hand', writeTo: 'lead.x' })).toEqual(['writeTo']);
    expect(issues({ model: 'no spaces' })).toEqual(['model']);
    expect(issues({ model: 'hand', explainTop: 11 })).toEqual(['explainTop']);
    expect(spec.schema.parse({ model: 'hand' })).toEqual({ model: 'hand', output: 'score100', writeTo: 'smartScore', addToScore: false, explainTop: 3 });
    const r = compilePolicy(smartRouting({ writeTo: 'score' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual(expect.objectContaining({ code: 'invalidConfig', nodeId: 'smart', field: 'writeTo' }));
  });
});
