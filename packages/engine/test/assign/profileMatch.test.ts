import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, type CompiledPolicy, type Decision, type SluiceEvent } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

const AT = '2026-03-02T02:00:00Z';

function policy(data: Record<string, unknown> = {}): CompiledPolicy {
  return compile(
    flow(
      'pm-test',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'pick', type: 'assign.profileMatch', data: { teams: ['ae'], ...data } },
      ],
      [{ source: 'start', target: 'pick' }],
    ),
  );
}

const rep = (id: string, extra: Record<string, unknown> = {}) => ({ id, teams: ['ae'], ...extra });
const owner = (d: Decision) => d.actions.find((a) => a.type === 'assign')?.repId;
const row = (d: Decision, repId: string) => visited(d, 'pick').candidates!.find((r) => r.repId === repId)!;

const LEAD = { id: 'L1', industry: 'manufacturing', language: 'zh', region: 'east', product: 'erp', needs: ['sap', 'mes'] };
const created = (lead: Record<string, unknown> = LEAD): SluiceEvent => ({ id: 'e1', type: 'lead.created', at: AT, lead: lead as SluiceEvent['lead'] });

const REPS = [
  rep('p1', {
    industries: ['manufacturing'],
    languages: ['zh', 'en'],
    regions: ['east'],
    products: ['crm'],
    skills: ['sap'],
    conversionRate: 0.2,
    cap: 10,
    openLoad: 5,
  }),
  rep('p2', {
    industries: ['retail'],
    languages: ['zh'],
    regions: ['east'],
    products: ['erp'],
    skills: ['sap', 'mes'],
    conversionRate: 0.4,
    cap: 10,
    openLoad: 8,
  }),
  rep('p3', { industries: ['manufacturing'], languages: ['en'], regions: ['west'], products: ['erp'], openLoad: 0 }),
];

describe('assign.profileMatch', () => {
  it('scores every available rep with the default weights and gives the lead to the best', async () => {
    const state = InMemoryState.from({ reps: REPS });
    const d = await decideBoth(policy(), created(), state, AT);
    // Default weights: industry 3, language 2, region 2, product 2, skills 2, conversion 1, headroom 1.
    // p1: 3 + 2 + 2 + 0 + 2·½ (sap of sap,mes) + 1·(0.2/0.4) + 1·(10−5)/10 = 9
    // p2: 0 + 2 + 2 + 2 + 2·1 + 1·1 + 1·(10−8)/10 = 9.2
    // p3: 3 + 0 + 0 + 2 + 0 + 0 (no rate) + 0 (no cap) = 5
    expect(owner(d)).toBe('p2');
    expect(row(d, 'p1').detail).toMatchObject({
      score: 9,
      'score.industry': 3,
      'score.language': 2,
      'score.region': 2,
      'score.product': 0,
      'score.skills': 1,
      'score.conversion': 0.5,
      'score.headroom': 0.5,
      conversionRate: 0.2,
    });
    expect(row(d, 'p2')).toMatchObject({ status: 'chosen', detail: { score: 9.2, 'score.industry': 0, 'score.conversion': 1, 'score.headroom': 0.2 } });
    expect(row(d, 'p3').detail).toMatchObject({ score: 5, 'score.conversion': 0, 'score.headroom': 0 });
    expect(visited(d, 'pick').detail).toEqual({
      leadProfile: { industry: ['manufacturing'], language: ['zh'], region: ['east'], product: ['erp'], needs: ['sap', 'mes'] },
    });
  });

  it('reads the lead side from configured fact paths and weighs parts as configured', () => {
    const p = policy({ weights: { industry: 10 }, facts: { industry: 'lead.sector' } });
    const state = InMemoryState.from({ reps: REPS });
    const d = decide(p, created({ ...LEAD, industry: 'retail', sector: 'manufacturing' }), state, AT);
    // industry now 10: p1 10+2+2+0+1+0.5+0.5 = 16, p2 9.2, p3 10+0+0+2 = 12
    expect(owner(d)).toBe('p1');
    expect(row(d, 'p1').detail.score).toBe(16);
    expect(row(d, 'p3').detail.score).toBe(12);
  });

  it('breaks a tied score by lower load, then by rep id', () => {
    const twin = { industries: ['manufacturing'], languages: ['zh'] };
    const byLoad = InMemoryState.from({ reps: [rep('a', { ...twin, openLoad: 4 }), rep('b', { ...twin, openLoad: 2 })] });
    expect(owner(decide(policy(), created(), byLoad, AT))).toBe('b');
    const byId = InMemoryState.from({ reps: [rep('b', { ...twin, openLoad: 2 }), rep('a', { ...twin, openLoad: 2 })] });
    expect(owner(decide(policy(), created(), byId, AT))).toBe('a');
  });

  it('leaves the lead unassigned when the best score is below the minimum', () => {
    const d = decide(policy({ minScore: 10 }), created(), InMemoryState.from({ reps: REPS }), AT);
    const v = visited(d, 'pick');
    expect(v.result).toBe('noCandidate');
    expect(d.actions).toEqual([]);
    expect(v.note).toEqual({ en: 'best match p2 scored 9.2, below the minimum 10', zh: '最佳匹配 p2 得分 9.2，低于最低分数 10' });
    expect(v.candidates!.every((r) => r.status === 'eligible')).toBe(true);
  });

  it('does not score reps that are skipped, and says why they were', () => {
    const state = InMemoryState.from({ reps: [...REPS.slice(0, 2), rep('p3', { ...REPS[2], active: false })] });
    const d = decide(policy(), created(), state, AT);
    expect(row(d, 'p3')).toMatchObject({ status: 'skipped', reason: 'inactive' });
    expect(row(d, 'p3').detail.score).toBeUndefined();
  });

  it('reports a malformed fact path at compile time', () => {
    expect(() => policy({ facts: { needs: 'needs' } })).toThrow(/fact path must start with/);
  });
});
