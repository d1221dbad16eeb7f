/**
 * Smart-score benchmark: the example model examples/models/marketing-win.json (15 features:
 * categories, log-scaled and clamped numbers, flags, three activity-count windows, Platt
 * calibration) over 10,000 seeded marketing leads with 0–8 touches each. Figures, in leads per second
 * on one core:
 *   score   — compiled `.score()` over the lead's record (what a decision pays to score a lead
 *             while no node before it changed a lead field, and what the simulator and CLI pay);
 *   scoreByPath — the same through a fact reader per path (a decision after a node wrote a lead field);
 *   explain — compiled `.explain()` (score plus every feature's push, sorted);
 *   explainTop — compiled `.explainTop(…, 3)` (score plus the three largest pushes: what a decision names);
 *   decide  — a whole decision of examples/policies/smart-score-routing.json (score.model → grade →
 *             route), against `decide` of the same flow without the score.model node over leads
 *             that already carry the score it would write (so both route alike): the scoring's
 *             share of a decision.
 * Goal: score ≥ 1,000,000 leads/s. `npx tsx packages/engine/bench/scoreModel.ts [--json]` runs it alone.
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  compilePolicy,
  compileScoreModel,
  decide,
  InMemoryState,
  scoreModelSchema,
  type CompiledPolicy,
  type ScoreInput,
  type SluiceEvent,
  stateSnapshotSchema,
} from '@sluice/engine';
import { exampleModel, examplePolicy } from '@sluice/examples';
import { mulberry32 } from './tick.js';

const LEADS = 10_000;
const SEED = 20261205;
const WARMUP_MS = 300;
const BUDGET_MS = 1_500;
const T0 = Date.parse('2026-03-02T00:00:00Z');

export interface ScoreModelBenchFigures {
  model: string;
  features: number;
  leads: number;
  /** Compiled `.score()` over the lead's record, leads per second (wall clock). */
  score: number;
  /** Compiled `.score()` reading each feature through a fact reader by path. */
  scoreByPath: number;
  /** Compiled `.explain()`, leads per second. */
  explain: number;
  /** Compiled `.explainTop(…, 3)`, leads per second. */
  explainTop: number;
  /** decide() of smart-score-routing, decisions per second. */
  decide: number;
  /** decide() of the same flow with the score.model node taken out. */
  decideWithoutModel: number;
  /** The same four per second of this process's CPU time (what they cost on a shared machine). */
  perCpuSecond: { score: number; scoreByPath: number; explain: number; explainTop: number; decide: number; decideWithoutModel: number };
  /** 1-minute load average when measured, and the cores: whether other work shared them. */
  loadAvg1m: number;
  nproc: number;
  /** Mean smart score over the leads, so a broken model (all 0 or all 100) shows. */
  meanScore: number;
}

interface BenchLead {
  id: string;
  createdAt: string;
  [field: string]: unknown;
}

/** A marketing export's mix: most leads from ads and the website, a few referrals; some fields blank. */
export function generate(n: number, seed: number): { leads: BenchLead[]; activities: Array<Array<{ kind: string; at: string }>> } {
  const r = mulberry32(seed);
  const one = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const sometimes = <T>(p: number, v: () => T): T | undefined => (r() < p ? v() : undefined);
  const leads: BenchLead[] = [];
  const activities: Array<Array<{ kind: string; at: string }>> = [];
  for (let i = 0; i < n; i++) {
    const created = T0 + Math.floor(r() * 90 * 86_400_000);
    const lead: BenchLead = { id: `L-${i}`, createdAt: new Date(created).toISOString() };
    const put = (k: string, v: unknown) => {
      if (v !== undefined) lead[k] = v;
    };
    put(
      'source',
      sometimes(0.95, () => one(['广告', '广告', '官网', '官网', '展会', '社交媒体', '电话营销', '转介绍', '合作伙伴'])),
    );
    put(
      'totalVisits',
      sometimes(0.85, () => Math.floor(-Math.log(1 - r()) * 4)),
    );
    put(
      'timeOnSiteSeconds',
      sometimes(0.8, () => Math.floor(-Math.log(1 - r()) * 400)),
    );
    put(
      'pageViewsPerVisit',
      sometimes(0.8, () => Math.round(r() * 80) / 10),
    );
    put(
      'lastActivity',
      sometimes(0.9, () => one(['表单提交', '邮件已打开', '短信已发送', '邮件退回', '无人接听', '页面访问'])),
    );
    put(
      'country',
      sometimes(0.7, () => one(['中国', '中国', '中国', '美国', '新加坡', '印度', '德国'])),
    );
    put(
      'occupation',
      sometimes(0.6, () => one(['在职人员', '企业主', '学生', '待业', '其他'])),
    );
    put(
      'industry',
      sometimes(0.75, () => one(['制造', '金融', '零售', '教育', '医疗', '物流'])),
    );
    put(
      'employees',
      sometimes(0.6, () => Math.floor(Math.exp(r() * 9))),
    );
    put(
      'hasBudget',
      sometimes(0.5, () => r() < 0.3),
    );
    put('doNotEmail', r() < 0.08);
    put('askedForDemo', r() < 0.12);
    leads.push(lead);
    const touches: Array<{ kind: string; at: string }> = [];
    const count = Math.floor(r() * 9);
    for (let k = 0; k < count; k++)
      touches.push({ kind: one(['email', 'call', 'visit', 'email']), at: new Date(created + Math.floor(r() * 240 * 3_600_000)).toISOString() });
    touches.sort((a, b) => (a.at < b.at ? -1 : 1));
    activities.push(touches);
  }
  return { leads, activities };
}

/**
 * Operations per second of wall time and per second of this process's CPU time: on a machine
 * other work shares, the CPU figure is what the code costs, the wall figure what it got.
 */
function measure(batch: number, run: (n: number) => void): { wall: number; cpu: number } {
  const warm = performance.now() + WARMUP_MS;
  while (performance.now() < warm) run(batch);
  let ops = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < BUDGET_MS) {
    run(batch);
    ops += batch;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpu0);
  return { wall: (ops * 1000) / elapsed, cpu: (ops * 1e6) / (cpu.user + cpu.system) };
}

function compiled(doc: unknown): CompiledPolicy {
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

/** The example flow without its score.model node: the grade and routing read the stored smart score. */
function withoutModel(doc: { nodes: Array<{ id: string }>; edges: Array<{ id: string; source: string; target: string }>; [k: string]: unknown }) {
  return {
    ...doc,
    tests: undefined,
    nodes: doc.nodes.filter((n) => n.id !== 'smart'),
    edges: doc.edges.filter((e) => e.target !== 'smart').map((e) => (e.source === 'smart' ? { ...e, source: 'start' } : e)),
  };
}

export function benchScoreModel(): ScoreModelBenchFigures {
  const model = scoreModelSchema.parse(exampleModel('marketing-win'));
  const m = compileScoreModel(model);
  const { leads, activities } = generate(LEADS, SEED);
  // A decision reads facts by path through readers made once per path (fields/derived.ts): so
  // does the bench, with each path's field name worked out once.
  const fieldOf = new Map(model.features.flatMap((f) => ('fact' in f ? [[f.fact, f.fact.slice('lead.'.length)] as const] : [])));
  const inputs: ScoreInput[] = leads.map((lead, i) => ({
    record: lead,
    activities: activities[i]!,
    createdAt: lead.createdAt,
    now: Date.parse(lead.createdAt) + 96 * 3_600_000,
  }));
  const byPath: ScoreInput[] = inputs.map((input, i) => ({ ...input, record: undefined, fact: (path: string) => leads[i]![fieldOf.get(path)!] }));
  let sink = 0;
  let i = 0;
  const loop = (xs: ScoreInput[], one: (x: ScoreInput) => number) =>
    measure(1000, (n) => {
      for (let k = 0; k < n; k++) {
        sink += one(xs[i]!);
        if (++i === LEADS) i = 0;
      }
    });
  const score = loop(inputs, (x) => m.score(x).probability);
  const scoreByPath = loop(byPath, (x) => m.score(x).probability);
  const explain = loop(inputs, (x) => m.explain(x).contributions.length);
  const explainTop = loop(inputs, (x) => m.explainTop(x, 3).contributions.length);
  const meanScore = inputs.reduce((s, x) => s + m.score(x).score, 0) / LEADS;

  // Whole decisions: lead.created for each lead, the state holding the model, the senior team and the pool.
  const doc = examplePolicy('smart-score-routing') as Parameters<typeof withoutModel>[0] & { tests: Array<{ given: object }> };
  const snapshot = stateSnapshotSchema.parse({ ...doc.tests[0]!.given, models: [model] });
  const events: SluiceEvent[] = leads.map((lead) => ({ id: `e-${lead.id}`, type: 'lead.created', at: lead.createdAt, lead: lead as never }));
  const decideLoop = (policy: CompiledPolicy, events: SluiceEvent[]) => {
    let d = 0;
    const state = new InMemoryState(snapshot);
    return (n: number) => {
      for (let k = 0; k < n; k++) {
        const event = events[d]!;
        sink += decide(policy, event, state, Date.parse(event.at) + 3_600_000).actions.length;
        if (++d === LEADS) d = 0;
      }
    };
  };
  const policy = compiled(doc);
  const withModel = measure(500, decideLoop(policy, events));
  // The flow without its score.model node over leads that already carry the smart score it would
  // write: both route every lead the same way, so the difference is the scoring alone.
  const scored = events.map((event) => {
    const d = decide(policy, event, new InMemoryState(snapshot), Date.parse(event.at) + 3_600_000);
    const facts = d.changes.find((c) => c.type === 'lead.facts');
    const smartScore = facts && 'set' in facts ? (facts.set as { smartScore?: number }).smartScore : undefined;
    return { ...event, lead: { ...event.lead!, smartScore } } as SluiceEvent;
  });
  const plain = measure(500, decideLoop(compiled(withoutModel(doc)), scored));
  if (sink === 0.5) process.stderr.write('unreachable\n');
  return {
    model: model.key,
    features: model.features.length,
    leads: LEADS,
    score: Math.round(score.wall),
    scoreByPath: Math.round(scoreByPath.wall),
    explain: Math.round(explain.wall),
    explainTop: Math.round(explainTop.wall),
    decide: Math.round(withModel.wall),
    decideWithoutModel: Math.round(plain.wall),
    perCpuSecond: {
      score: Math.round(score.cpu),
      scoreByPath: Math.round(scoreByPath.cpu),
      explain: Math.round(explain.cpu),
      explainTop: Math.round(explainTop.cpu),
      decide: Math.round(withModel.cpu),
      decideWithoutModel: Math.round(plain.cpu),
    },
    loadAvg1m: Number(loadavg()[0]!.toFixed(2)),
    nproc: availableParallelism(),
    meanScore: Math.round(meanScore * 10) / 10,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = benchScoreModel();
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(f)}\n`);
  else {
    const fmt = (x: number) => x.toLocaleString('en-US');
    const c = f.perCpuSecond;
    process.stdout.write(
      `smart score (${f.model}, ${f.features} features, ${fmt(f.leads)} leads, mean score ${f.meanScore}); load average ${f.loadAvg1m} on ${f.nproc} cores\n` +
        `                                          per second    per CPU second\n` +
        `  compiled .score() of the lead record  ${fmt(f.score).padStart(11)}  ${fmt(c.score).padStart(14)} leads\n` +
        `  compiled .score() by fact path        ${fmt(f.scoreByPath).padStart(11)}  ${fmt(c.scoreByPath).padStart(14)} leads\n` +
        `  compiled .explain()                   ${fmt(f.explain).padStart(11)}  ${fmt(c.explain).padStart(14)} leads\n` +
        `  compiled .explainTop(3)               ${fmt(f.explainTop).padStart(11)}  ${fmt(c.explainTop).padStart(14)} leads\n` +
        `  decide() smart-score-routing          ${fmt(f.decide).padStart(11)}  ${fmt(c.decide).padStart(14)} decisions\n` +
        `  decide() same flow, no score.model    ${fmt(f.decideWithoutModel).padStart(11)}  ${fmt(c.decideWithoutModel).padStart(14)} decisions\n` +
        `goal score ≥ 1,000,000 leads/s: ${f.score >= 1_000_000 ? 'met' : 'NOT met'} (per CPU second: ${c.score >= 1_000_000 ? 'met' : 'NOT met'})\n`,
    );
  }
}
