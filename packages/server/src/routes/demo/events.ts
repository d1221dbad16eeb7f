/**
 * A few weeks of CRM traffic for the demo tenant, the same every time: new leads spread over
 * regions, product lines, sizes and sources, then follow-ups, qualified hand-overs, co-follow
 * requests and won deals on some of them. Sent through the decision path like any CRM's events.
 */

const PROVINCES = ['上海', '江苏', '浙江', '安徽', '北京', '天津', '山东', '广东', '福建', '四川', '湖北', undefined];
const PRODUCTS = ['crm', 'erp', 'bi'];
const INDUSTRIES = ['manufacturing', 'software', 'finance', 'automotive', 'retail', 'logistics'];
const SOURCES = ['website', 'webinar', 'trade show', 'referral', 'ads'];
const COMPANIES = [
  '杭州云帆科技',
  '深圳迅达电子',
  '武汉长江建材',
  '成都蓝海物流',
  '苏州精工软件',
  '南京启明医疗',
  '上海华东汽配',
  '北京博远咨询',
  '天津港联物流',
  '广州南粤食品',
  '厦门海峡贸易',
  'Harbor Analytics',
  'Brightwave Ltd',
  'Northwind Traders',
  'Lumen Systems',
  'Acme Robotics',
];

export const DEMO_LEADS = 200;

type Event = Record<string, unknown> & { id: string; type: string; at: string };

/** Phases: every event of a phase may run in any order; a phase starts when the one before is done. */
export function demoEvents(nowMs: number): Event[][] {
  const start = nowMs - 21 * 86_400_000;
  const at = (i: number, total: number, offsetMs = 0) => new Date(start + Math.floor((i * 20 * 86_400_000) / total) + offsetMs).toISOString();
  const leadId = (i: number) => `DEMO-${String(i + 1).padStart(4, '0')}`;

  const created: Event[] = [];
  for (let i = 0; i < DEMO_LEADS; i++) {
    const when = at(i, DEMO_LEADS);
    const province = PROVINCES[(i * 7) % PROVINCES.length];
    const company = COMPANIES[i % COMPANIES.length]!;
    created.push({
      id: `demo-created-${i + 1}`,
      type: 'lead.created',
      at: when,
      lead: {
        id: leadId(i),
        createdAt: when,
        company,
        source: SOURCES[i % SOURCES.length],
        ...(i % 9 === 4 ? {} : i % 2 === 0 ? { email: `contact${i + 1}@example.cn` } : { phone: `+86 21 5555 ${String(1000 + i)}` }),
        ...(province ? { province } : {}),
        productLine: PRODUCTS[i % PRODUCTS.length],
        industry: INDUSTRIES[(i * 5) % INDUSTRIES.length],
        employees: [30, 120, 450, 1200, 5000][(i * 3) % 5],
        ...(i % 3 === 0 ? { budget: `${(i % 7) + 1}00k CNY` } : {}),
        buyingWithinMonths: (i % 12) + 1,
        visits: i % 8,
        downloads: i % 3,
        stage: 'MQL',
      },
    });
  }

  const later: Event[] = [];
  for (let i = 0; i < DEMO_LEADS; i += 3) {
    later.push({
      id: `demo-activity-${i + 1}`,
      type: 'activity.logged',
      at: at(i, DEMO_LEADS, 3 * 3_600_000),
      leadId: leadId(i),
      activity: { kind: i % 2 ? 'call' : 'visit' },
      lead: { id: leadId(i), visits: (i % 8) + 1 },
    });
  }
  for (let i = 1; i < DEMO_LEADS; i += 8) {
    later.push({
      id: `demo-qualified-${i + 1}`,
      type: 'lead.qualified',
      at: at(i, DEMO_LEADS, 26 * 3_600_000),
      lead: {
        id: leadId(i),
        stage: 'SQL',
        research: { intent: 'replacing spreadsheets / 替换表格管理', budget: '500k CNY', timeline: 'this quarter / 本季度' },
      },
    });
  }
  for (let i = 5; i < DEMO_LEADS; i += 20) {
    later.push({ id: `demo-collab-${i + 1}`, type: 'collab.requested', at: at(i, DEMO_LEADS, 30 * 3_600_000), leadId: leadId(i), repId: 'a-2' });
  }

  const won: Event[] = [];
  for (let i = 2; i < DEMO_LEADS; i += 14) {
    won.push({ id: `demo-won-${i + 1}`, type: 'deal.won', at: at(i, DEMO_LEADS, 5 * 86_400_000), leadId: leadId(i), amount: 10_000 + ((i * 3_217) % 90_000) });
  }
  return [created, later, won];
}
