import { describe, expect, it } from 'vitest';
import { assignedTo, candidateVerdicts, compiledExample, event, stateFrom, step, visit, visitedIds } from './harness.js';

// S8: region × product line × industry × company size, mirroring the sales org.
const policy = compiledExample('s08-dimension-routing');
const AT = '2026-03-02T02:00:00Z';

let n = 0;
const lead = (fields: Record<string, unknown>) => {
  n++;
  return event({ id: `e${n}`, type: 'lead.created', at: AT, lead: { id: `L-8${String(n).padStart(2, '0')}`, createdAt: AT, ...fields } as never });
};

const EAST_CRM = ['start', 'region', 'eastProduct', 'eastSize'];
const EAST_ERP = ['start', 'region', 'eastProduct', 'eastIndustry'];

// Each lead in a fresh state, so the rep is the first one (by id) the path's team offers.
const cases: Array<[string, Record<string, unknown>, string, string[]]> = [
  ['East CRM, 1,500 staff → key accounts', { province: '上海', productLine: 'crm', employees: 1500 }, 'ka-1', [...EAST_CRM, 'eastKaRR']],
  ['East CRM, exactly 1,000 staff → key accounts', { province: '江苏', productLine: 'crm', employees: 1000 }, 'ka-1', [...EAST_CRM, 'eastKaRR']],
  ['East CRM, 999 staff → CRM team', { province: '浙江', productLine: 'crm', employees: 999 }, 'ec-1', [...EAST_CRM, 'eastCrmRR']],
  ['East CRM, size unknown → CRM team', { province: '安徽', productLine: 'crm' }, 'ec-1', [...EAST_CRM, 'eastCrmRR']],
  ['East ERP, manufacturing', { province: '上海', productLine: 'erp', industry: 'manufacturing' }, 'em-1', [...EAST_ERP, 'eastErpMfgRR']],
  ['East ERP, automotive counts as manufacturing', { province: '江苏', productLine: 'erp', industry: 'automotive' }, 'em-1', [...EAST_ERP, 'eastErpMfgRR']],
  ['East ERP, retail', { province: '浙江', productLine: 'erp', industry: 'retail' }, 'ee-1', [...EAST_ERP, 'eastErpRR']],
  ['East ERP, industry unknown', { province: '上海', productLine: 'erp' }, 'ee-1', [...EAST_ERP, 'eastErpRR']],
  ['East, another product → generalists', { province: '上海', productLine: 'bi' }, 'eg-1', ['start', 'region', 'eastProduct', 'eastRR']],
  ['East, no product line → generalists', { province: '安徽' }, 'eg-1', ['start', 'region', 'eastProduct', 'eastRR']],
  ['North ERP → the only north rep selling ERP', { province: '北京', productLine: 'erp' }, 'n-2', ['start', 'region', 'northRR']],
  ['North CRM → first north rep selling CRM', { province: '山东', productLine: 'crm' }, 'n-1', ['start', 'region', 'northRR']],
  ['North, a product nobody there sells → inside sales', { province: '天津', productLine: 'hr' }, 'in-1', ['start', 'region', 'northRR', 'insideRR']],
  ['South', { province: '广东', productLine: 'erp', employees: 5000 }, 's-1', ['start', 'region', 'southRR']],
  ['A province outside the three regions → inside sales', { province: '新疆', productLine: 'crm', employees: 5000 }, 'in-1', ['start', 'region', 'insideRR']],
  ['No province → inside sales', { productLine: 'crm' }, 'in-1', ['start', 'region', 'insideRR']],
];

describe('S8 dimension routing', () => {
  it.each(cases)('%s', async (_name, fields, rep, path) => {
    const d = await step(policy, stateFrom('s08-org'), lead(fields));
    expect(assignedTo(d)).toEqual([rep]);
    expect(visitedIds(d)).toEqual(path);
  });

  it('explains each dimension with the value it saw', async () => {
    const d = await step(policy, stateFrom('s08-org'), lead({ province: '江苏', productLine: 'crm', employees: 1000 }));
    expect(visit(d, 'region')).toMatchObject({ result: 'east', detail: { fact: 'lead.province', saw: '江苏', case: 'east' } });
    expect(visit(d, 'eastProduct')).toMatchObject({ result: 'crm', detail: { fact: 'lead.productLine', saw: 'crm', case: 'crm' } });
    expect(visit(d, 'eastSize')).toMatchObject({
      result: 'true',
      condition: { fact: 'lead.employees', operator: 'greaterThanInclusive', value: 1000, saw: 1000, result: true },
    });
    expect(candidateVerdicts(visit(d, 'eastKaRR'))).toEqual(['ka-1:chosen', 'ka-2:eligible']);
  });

  it('shows why north reps were passed over for a product they do not sell', async () => {
    const erp = await step(policy, stateFrom('s08-org'), lead({ province: '北京', productLine: 'erp' }));
    expect(visit(erp, 'northRR').candidates).toEqual([
      { repId: 'n-1', status: 'skipped', reason: 'notEligible', detail: { load: 0, cap: null, assignedToday: 0, weight: 1, products: 'crm', wanted: 'erp' } },
      { repId: 'n-2', status: 'chosen', detail: { load: 0, cap: null, assignedToday: 0, weight: 1 } },
    ]);

    const hr = await step(policy, stateFrom('s08-org'), lead({ province: '天津', productLine: 'hr' }));
    expect(visit(hr, 'northRR').result).toBe('noCandidate');
    expect(candidateVerdicts(visit(hr, 'northRR'))).toEqual(['n-1:skipped:notEligible', 'n-2:skipped:notEligible']);
    expect(visit(hr, 'northRR').candidates![1]!.detail).toMatchObject({ products: 'crm|erp', wanted: 'hr' });
    expect(candidateVerdicts(visit(hr, 'insideRR'))).toEqual(['in-1:chosen', 'in-2:eligible']);
    expect(hr.actions).toEqual([{ type: 'assign', leadId: hr.leadId, repId: 'in-1', previousOwnerId: null, nodeId: 'insideRR', strategy: 'roundRobin' }]);
  });

  it('reports a missing region as the default case', async () => {
    const d = await step(policy, stateFrom('s08-org'), lead({}));
    expect(visit(d, 'region')).toMatchObject({ result: 'default', detail: { fact: 'lead.province', saw: null, case: 'default' } });
  });

  it('keeps a separate turn per team', async () => {
    const state = stateFrom('s08-org');
    const ka = { province: '上海', productLine: 'crm', employees: 2000 };
    const owners: string[] = [];
    for (const fields of [
      ka,
      ka,
      { province: '上海', productLine: 'crm', employees: 10 },
      ka,
      { province: '海南' },
      { province: '重庆' },
      { province: '西藏' },
    ]) {
      owners.push(...assignedTo(await step(policy, state, lead(fields))));
    }
    expect(owners).toEqual(['ka-1', 'ka-2', 'ec-1', 'ka-1', 's-1', 'in-1', 'in-2']);
  });
});
