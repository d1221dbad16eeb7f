/**
 * Engine benchmark: one realistic routing policy (examples/policies/bench-routing-20.json, 20 routes
 * over region × product × company size into team round robins) evaluated by
 *   fast            — our compiled closures on prepared fact slots (rule evaluation only),
 *   jsonRulesEngine — json-rules-engine 7.3.1 on the identical compiled rule JSON,
 *   zenSequential / zenParallel — GoRules ZEN 0.54 on the equivalent first-hit decision table,
 *   decide          — the full decide() with explanation, on an InMemoryState (the engine's work);
 *   decideAndApply  — the same plus InMemoryState.apply of its changes (the state's work too);
 *   decideAndApplyLean — decideAndApply with `{ explain: false }` (no visited walk, no summary):
 *                     what a replay that reads only changes pays (the simulator);
 *   tick            — leads checked per second by one reclaim tick over 1,000,000 owned leads
 *                     (bench/tick.ts: s17-level-thresholds on a seeded daily-check mix);
 *   scoreModel      — the smart score (bench/scoreModel.ts): compiled `.score()` and `.explain()` of
 *                     the 15-feature example model over 10,000 seeded marketing leads, and decide()
 *                     of smart-score-routing against the same flow without its score.model node.
 * `pnpm bench:engine` prints a table; `pnpm bench:engine --json` prints one JSON object.
 * Each figure is measured for a fixed time after a warm-up, on one core; the tick figure is the
 * median of 3 full ticks after building the million leads, so the whole run takes about a minute.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { ZenEngine } from '@gorules/zen-engine';
import { compilePolicy, decide, fireAllFast, InMemoryState, referenceEngine, stateSnapshotSchema, type CompiledPolicy, type SluiceEvent } from '@sluice/engine';
import { examplePolicy, exampleState } from '@sluice/examples';
import { benchScoreModel } from './scoreModel.js';
import { benchTick, mulberry32 } from './tick.js';

const JSON_OUT = process.argv.includes('--json');
const WARMUP_MS = 400;
const BUDGET_MS = 2_000;
const LEADS = 10_000;
const SEED = 20260302;
const ZEN_BATCH = 1_000;
/** json-rules-engine runs ~1,000/s here, so its agreement check takes a sample, not all leads. */
const JRE_SAMPLE = 2_000;

const log = (line: string) => {
  if (!JSON_OUT) process.stdout.write(line + '\n');
};

// ---------------------------------------------------------------------------------------------
// Input: a fixed, seeded stream of new leads.

function pick<T>(rand: () => number, weighted: ReadonlyArray<readonly [T, number]>): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [value, w] of weighted) if ((r -= w) < 0) return value;
  return weighted[weighted.length - 1]![0];
}

/** A type alias, not an interface, so it fits the lead schema's open index signature. */
type BenchLead = {
  id: string;
  createdAt: string;
  region?: string;
  product: string;
  employees?: number;
  company: string;
  source: string;
};

const REGIONS = [
  ['east', 30],
  ['north', 20],
  ['south', 20],
  ['west', 15],
  ['intl', 12],
  [undefined, 3],
] as const;
const PRODUCTS = [
  ['crm', 40],
  ['erp', 25],
  ['bi', 20],
  ['hr', 15],
] as const;
const SOURCES = [
  ['ads', 40],
  ['webinar', 20],
  ['tender', 10],
  ['referral', 15],
  ['content', 15],
] as const;
/** Monday 2026-03-02 00:00 in Shanghai; one lead every 86.4 s covers ten days, weekends included. */
const START_MS = Date.parse('2026-03-01T16:00:00Z');
const SPACING_MS = 86_400;

function generateLeads(n: number, seed: number): BenchLead[] {
  const rand = mulberry32(seed);
  const leads: BenchLead[] = [];
  for (let i = 0; i < n; i++) {
    const region = pick(rand, REGIONS);
    const product = pick(rand, PRODUCTS);
    // Company size is roughly log-uniform from 1 to 20,000; 2% of CRMs leave it blank.
    const employees = rand() < 0.02 ? undefined : Math.floor(Math.exp(rand() * Math.log(20_000))) + 1;
    const lead: BenchLead = {
      id: `L${String(i).padStart(5, '0')}`,
      createdAt: new Date(START_MS + i * SPACING_MS).toISOString(),
      product,
      company: `Company ${Math.floor(rand() * 100_000)}`,
      source: pick(rand, SOURCES),
    };
    if (region !== undefined) lead.region = region;
    if (employees !== undefined) lead.employees = employees;
    leads.push(lead);
  }
  return leads;
}

// ---------------------------------------------------------------------------------------------
// The same 20 routes as a GoRules decision table, written by hand from the flow (first hit wins,
// as the flow's branches are tried in order; an empty cell matches anything).

const ZEN_ROWS: ReadonlyArray<readonly [region: string, product: string, employees: string, route: string]> = [
  ['"east"', '"crm"', '>= 1000', 'rr-east-crm-ent'],
  ['"east"', '"crm"', '', 'rr-east-crm'],
  ['"east"', '"erp"', '>= 500', 'rr-east-erp-ent'],
  ['"east"', '"erp"', '', 'rr-east-erp'],
  ['"east"', '', '', 'rr-east-general'],
  ['"north"', '"crm"', '>= 1000', 'rr-north-crm-ent'],
  ['"north"', '"crm"', '', 'rr-north-crm'],
  ['"north"', '"erp"', '', 'rr-north-erp'],
  ['"north"', '', '', 'rr-north-general'],
  ['"south"', '"crm"', '>= 200', 'rr-south-crm'],
  ['"south"', '"crm"', '', 'notify-south-sdr'],
  ['"south"', '"bi"', '', 'rr-south-bi'],
  ['"south"', '', '', 'rr-south-general'],
  ['"west"', '', '>= 1000', 'rr-west-ent'],
  ['"west"', '"hr"', '', 'rr-west-hr'],
  ['"west"', '', '', 'rr-west-general'],
  ['"intl"', '', '>= 5000', 'notify-global-accounts'],
  ['"intl"', '"erp"', '', 'rr-intl-erp'],
  ['"intl"', '', '', 'rr-intl'],
  ['', '', '', 'notify-sales-ops'],
];

function zenDecisionGraph(): object {
  return {
    contentType: 'application/vnd.gorules.decision',
    nodes: [
      { id: 'in', type: 'inputNode', name: 'lead', position: { x: 0, y: 0 } },
      {
        id: 'routing',
        type: 'decisionTableNode',
        name: 'region × product × size',
        position: { x: 260, y: 0 },
        content: {
          hitPolicy: 'first',
          inputs: [
            { id: 'region', name: 'Region', field: 'region' },
            { id: 'product', name: 'Product', field: 'product' },
            { id: 'employees', name: 'Employees', field: 'employees' },
          ],
          outputs: [{ id: 'route', name: 'Route', field: 'route' }],
          rules: ZEN_ROWS.map(([region, product, employees, route], i) => ({ _id: `row-${i + 1}`, region, product, employees, route: JSON.stringify(route) })),
        },
      },
      { id: 'out', type: 'outputNode', name: 'route', position: { x: 520, y: 0 } },
    ],
    edges: [
      { id: 'e1', type: 'edge', sourceId: 'in', targetId: 'routing' },
      { id: 'e2', type: 'edge', sourceId: 'routing', targetId: 'out' },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Timing: a warm-up, then as many batches as fit in the budget.

function nowMs(): number {
  return performance.now();
}

function measureSync(batch: number, run: (n: number) => void): number {
  const warmEnd = nowMs() + WARMUP_MS;
  while (nowMs() < warmEnd) run(batch);
  let ops = 0;
  const start = nowMs();
  let elapsed = 0;
  while (elapsed < BUDGET_MS) {
    run(batch);
    ops += batch;
    elapsed = nowMs() - start;
  }
  return (ops * 1000) / elapsed;
}

async function measureAsync(batch: number, run: (n: number) => Promise<void>): Promise<number> {
  const warmEnd = nowMs() + WARMUP_MS;
  while (nowMs() < warmEnd) await run(batch);
  let ops = 0;
  const start = nowMs();
  let elapsed = 0;
  while (elapsed < BUDGET_MS) {
    await run(batch);
    ops += batch;
    elapsed = nowMs() - start;
  }
  return (ops * 1000) / elapsed;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const compiled = compilePolicy(examplePolicy('bench-routing-20'));
  if (!compiled.ok) throw new Error(`bench-routing-20 does not compile: ${JSON.stringify(compiled.errors)}`);
  const policy: CompiledPolicy = compiled.policy;
  const plan = policy.plan;
  const leads = generateLeads(LEADS, SEED);

  // Prepared inputs for each evaluator: fact slots, a json-rules-engine fact map, a ZEN context.
  const slots = leads.map((lead) =>
    plan.facts.map((path) => (path.startsWith('lead.') ? (lead as unknown as Record<string, unknown>)[path.slice(5)] : undefined)),
  );
  const factMaps = slots.map((s) => {
    const facts: Record<string, unknown> = {};
    plan.facts.forEach((path, i) => {
      if (s[i] !== undefined) facts[path] = s[i];
    });
    return facts;
  });
  const zenInputs = leads.map((l) => ({ region: l.region ?? null, product: l.product, employees: l.employees ?? null }));
  const events: SluiceEvent[] = leads.map((lead, i) => ({ id: `ev-${i}`, type: 'lead.created', at: lead.createdAt, lead }));

  const jre = referenceEngine(policy.rules.map((r) => structuredClone(r)));
  const zen = new ZenEngine();
  const zenDecision = zen.createDecision(zenDecisionGraph());

  // Agreement: ZEN must pick the same route as the fast path for every lead, json-rules-engine
  // for the first JRE_SAMPLE leads.
  const fastRoute = (i: number): string => {
    const fired = fireAllFast(plan, slots[i]!);
    return fired.length === 1 ? plan.ruleNode[fired[0]!]! : `fired:${fired.join(',')}`;
  };
  let zenMismatches = 0;
  let jreMismatches = 0;
  const routeCounts = new Map<string, number>();
  for (let start = 0; start < LEADS; start += ZEN_BATCH) {
    const idx = Array.from({ length: Math.min(ZEN_BATCH, LEADS - start) }, (_, k) => start + k);
    const zenOut = await Promise.all(idx.map((i) => zenDecision.evaluate(zenInputs[i])));
    const jreOut = start < JRE_SAMPLE ? await Promise.all(idx.map((i) => jre.run(factMaps[i]!))) : [];
    idx.forEach((i, k) => {
      const ours = fastRoute(i);
      routeCounts.set(ours, (routeCounts.get(ours) ?? 0) + 1);
      if ((zenOut[k]!.result as { route?: string }).route !== ours) zenMismatches++;
      const jreResult = jreOut[k];
      if (jreResult) {
        const jreFired = jreResult.results.map((r) => (r.event?.params as { nodeId?: string } | undefined)?.nodeId);
        if (jreFired.length !== 1 || jreFired[0] !== ours) jreMismatches++;
      }
    });
  }

  // fast: rule evaluation only, on prepared slots.
  let sink = 0;
  let fi = 0;
  const fast = measureSync(10_000, (n) => {
    for (let k = 0; k < n; k++) {
      sink += fireAllFast(plan, slots[fi]!)[0]!;
      if (++fi === LEADS) fi = 0;
    }
  });

  let ji = 0;
  const jsonRulesEngine = await measureAsync(200, async (n) => {
    for (let k = 0; k < n; k++) {
      sink += (await jre.run(factMaps[ji]!)).results.length;
      if (++ji === LEADS) ji = 0;
    }
  });

  let zi = 0;
  const zenSequential = await measureAsync(500, async (n) => {
    for (let k = 0; k < n; k++) {
      sink += (await zenDecision.evaluate(zenInputs[zi])).result ? 1 : 0;
      if (++zi === LEADS) zi = 0;
    }
  });

  const zenParallel = await measureAsync(ZEN_BATCH, async (n) => {
    const batch = new Array<Promise<unknown>>(n);
    for (let k = 0; k < n; k++) {
      batch[k] = zenDecision.evaluate(zenInputs[zi]);
      if (++zi === LEADS) zi = 0;
    }
    sink += (await Promise.all(batch)).length;
  });

  // decide: the whole decision (facts, rules, round robin with candidate table, explanation,
  // summary). Each pass over the 10,000 leads starts from the roster as given, so lead ids stay
  // unique within a state, as for real lead.created events.
  const snapshot = stateSnapshotSchema.parse(exampleState('bench-roster'));
  const decideLoop = (applyChanges: boolean, explain = true) => {
    let di = 0;
    let state = new InMemoryState(snapshot);
    const options = explain ? undefined : { explain: false };
    return (n: number) => {
      for (let k = 0; k < n; k++) {
        const event = events[di]!;
        const d = decide(policy, event, state, event.at, options);
        if (applyChanges) state.apply(d.changes);
        sink += d.explanation.visited.length + d.changes.length;
        if (++di === LEADS) {
          di = 0;
          state = new InMemoryState(snapshot);
        }
      }
    };
  };
  const decideApplied = measureSync(500, decideLoop(true));
  const decideNoApply = measureSync(500, decideLoop(false));
  const decideAppliedLean = measureSync(500, decideLoop(true, false));

  const tick = await benchTick({ runs: 3 });
  const scoreModel = benchScoreModel();

  const cpu = cpus()[0]?.model ?? 'unknown';
  // The load average shows whether other processes shared the cores while we measured.
  const machine = {
    nproc: availableParallelism(),
    cpu,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAvg1m: Number(loadavg()[0]!.toFixed(2)),
  };
  const result = {
    fast: Math.round(fast),
    jsonRulesEngine: Math.round(jsonRulesEngine),
    zenSequential: Math.round(zenSequential),
    zenParallel: Math.round(zenParallel),
    decide: Math.round(decideNoApply),
    decideAndApply: Math.round(decideApplied),
    decideAndApplyLean: Math.round(decideAppliedLean),
    tick: tick.leadsPerSecond,
    tickDetail: tick,
    scoreModel,
    mismatches: { zen: zenMismatches, zenChecked: LEADS, jsonRulesEngine: jreMismatches, jsonRulesEngineChecked: JRE_SAMPLE },
    routesCovered: routeCounts.size,
    rules: policy.rules.length,
    leads: LEADS,
    machine,
  };
  // Every result feeds `sink`, so no evaluation can be optimised away; it is never 0.5.
  if (sink === 0.5) process.stderr.write('unreachable\n');
  if (zenMismatches + jreMismatches > 0 || routeCounts.size !== 20) {
    // The figures compare engines doing the same work only if they agree; say so and fail.
    process.stderr.write(`engines disagree: zen ${zenMismatches}, json-rules-engine ${jreMismatches} mismatches; ${routeCounts.size}/20 routes seen\n`);
    process.exitCode = 1;
  }

  if (JSON_OUT) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  log(`Sluice engine benchmark — policy ${policy.key} (${policy.rules.length} rules), ${LEADS.toLocaleString('en-US')} seeded leads`);
  log(
    `machine: ${machine.cpu}, ${machine.nproc} cores, node ${machine.node}, load average ${machine.loadAvg1m}; ${BUDGET_MS / 1000} s per figure after ${WARMUP_MS} ms warm-up`,
  );
  log(
    `routes covered: ${routeCounts.size}/20; route mismatches vs fast: zen ${zenMismatches} of ${LEADS}, json-rules-engine ${jreMismatches} of ${JRE_SAMPLE}`,
  );
  log('');
  const rows: Array<[string, number, string]> = [
    ['fast (compiled closures, rules only)', fast, 'ops/s'],
    ['json-rules-engine 7.3.1 (await each)', jsonRulesEngine, 'ops/s'],
    ['zen 0.54 sequential (await each)', zenSequential, 'ops/s'],
    [`zen 0.54 parallel (batches of ${ZEN_BATCH})`, zenParallel, 'ops/s'],
    ['decide() + apply changes (full decision)', decideApplied, 'decisions/s'],
    ['decide() without applying changes', decideNoApply, 'decisions/s'],
    ['decide({ explain: false }) + apply changes', decideAppliedLean, 'decisions/s'],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [name, value, unit] of rows) {
    log(`  ${name.padEnd(width)}  ${fmt(value).padStart(12)} ${unit.padEnd(11)}  ${(value / jsonRulesEngine).toFixed(1).padStart(8)}× jre`);
  }
  log('');
  const goal = (ok: boolean) => (ok ? 'met' : 'NOT met');
  log(`goal fast ≥ 100× json-rules-engine: ${(fast / jsonRulesEngine).toFixed(0)}× — ${goal(fast >= 100 * jsonRulesEngine)}`);
  log(`goal fast > zen parallel: ${(fast / zenParallel).toFixed(0)}× — ${goal(fast > zenParallel)}`);
  log(`goal decide ≥ 200,000/s: ${fmt(decideNoApply)}/s — ${goal(decideNoApply >= 200_000)}`);
  log('');
  log(
    `reclaim tick (${tick.policy}) over ${fmt(tick.leads)} owned leads: ${fmt(tick.leadsPerSecond)} leads/s (median ${tick.medianMs} ms of ${tick.runs}; ` +
      `${fmt(tick.leadsPerCpuSecond)} per CPU second); shortcut scan alone ${fmt(tick.scanLeadsPerSecond)} leads/s; ` +
      `flow ran for ${fmt(tick.evaluated)}: ${fmt(tick.reclaimed)} reclaimed, ${fmt(tick.reminded)} reminded`,
  );
  log(`goal tick ≥ 1,000,000 leads/s: ${fmt(tick.leadsPerSecond)}/s — ${goal(tick.leadsPerSecond >= 1_000_000)}`);
  log('');
  const sm = scoreModel;
  log(
    `smart score (${sm.model}, ${sm.features} features, ${fmt(sm.leads)} leads): compiled .score() ${fmt(sm.score)} leads/s ` +
      `(${fmt(sm.perCpuSecond.score)} per CPU second; by fact path ${fmt(sm.scoreByPath)}), .explain() ${fmt(sm.explain)} leads/s, ` +
      `.explainTop(3) ${fmt(sm.explainTop)}; ` +
      `decide() smart-score-routing ${fmt(sm.decide)}/s vs ${fmt(sm.decideWithoutModel)}/s without its score.model node`,
  );
  log(`goal smart score ≥ 1,000,000 leads/s: ${fmt(sm.score)}/s — ${goal(sm.score >= 1_000_000)}`);
  zen.dispose();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
