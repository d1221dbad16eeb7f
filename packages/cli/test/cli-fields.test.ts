import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sluice } from './cliRunner.js';

const tmp = mkdtempSync(join(tmpdir(), 'sluice-cli-fields-'));
function file(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** A policy that reads `lead.budgett` (a typo of the catalog's `budget`) in node `big`. */
const typo = file('typo.json', {
  key: 'typo',
  kind: 'routing',
  name: 'typo',
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } },
    { id: 'big', type: 'condition', position: { x: 0, y: 100 }, data: { condition: { fact: 'lead.budgett', operator: 'equal', value: '1m' } } },
    { id: 'tell', type: 'notify', position: { x: 0, y: 200 }, data: { to: [{ kind: 'rep', id: 'r1' }], message: { en: 'big one', zh: '大单' } } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'big' },
    { id: 'e2', source: 'big', sourceHandle: 'true', target: 'tell' },
  ],
});

describe('sluice compile --fields', () => {
  it('without a catalog, an unknown lead field is a warning on stderr in both languages and the policy still compiles (exit 0)', async () => {
    const r = await sluice('compile', typo);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).key).toBe('typo');
    expect(r.stderr).toContain(`${typo}: 1 warning(s) / 个警告`);
    expect(r.stderr).toContain('[unknownLeadField] node big, field condition.fact: "lead.budgett" is not a built-in lead field and no field catalog was given');
    expect(r.stderr).toContain('"lead.budgett" 不是内置线索字段，且未提供字段目录');
    expect(r.stderr).toContain('--fields <catalog.json>');
  });

  it('with the example catalog, the same field is an error naming the node, the path and the field meant (exit 1)', async () => {
    const r = await sluice('compile', typo, '--fields', 'examples/fields.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${typo}: 1 error(s) / 个错误`);
    expect(r.stderr).toContain('✗ [unknownLeadField] node big, field condition.fact: unknown lead field "lead.budgett" — did you mean "lead.budget"?');
    expect(r.stderr).toContain('是否想写 "lead.budget"？');
    expect(r.stderr).not.toContain('warning');
  });

  it('with a catalog, a policy reading only known fields compiles quietly', async () => {
    const policy = JSON.parse(readFileSync(typo, 'utf8'));
    policy.key = 'fine';
    policy.nodes[1].data.condition.fact = 'lead.budget';
    const fine = file('fine.json', policy);
    const catalog = file('catalog.json', [{ name: 'budget', type: 'string', label: { en: 'Budget', zh: '预算' } }]);
    const r = await sluice('compile', fine, '--fields', catalog);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).key).toBe('fine');
  });

  it('a bad catalog is refused (exit 2) naming the file, the entry path and the field', async () => {
    const bad = file('bad-catalog.json', [
      { name: 'industry', type: 'enum', label: { en: 'Industry', zh: '行业' } },
      { name: 'visits', type: 'number', label: { en: 'Visits', zh: '访问' } },
      { name: 'visits', type: 'number', label: { en: 'Visits', zh: '访问' } },
    ]);
    const r = await sluice('compile', typo, '--fields', bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`field catalog file "${bad}" is invalid / 字段目录文件 "${bad}" 无效`);
    expect(r.stderr).toContain('✗ [0].values (field "industry" / 字段 "industry"): an enum field lists its allowed values / 枚举字段须列出可选值');
    expect(r.stderr).toContain('✗ [2].name (field "visits" / 字段 "visits"): "visits" is also field 1');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a catalog that is not a JSON array, or not JSON, or missing, is refused with the file named', async () => {
    const object = await sluice('compile', typo, '--fields', file('object.json', { budget: 'string' }));
    expect(object.code).toBe(2);
    expect(object.stderr).toMatch(/field catalog file ".*object\.json" is invalid[^\n]*\n {2}✗ \(root\): /);
    const broken = await sluice('compile', typo, '--fields', file('broken.json', '[{'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json" is not valid JSON');
    expect(broken.stderr).toContain('字段目录文件');
    const missing = await sluice('compile', typo, '--fields', join(tmp, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot read field catalog file "${join(tmp, 'nope.json')}" / 无法读取字段目录文件`);
  });
});

describe('sluice compile --state', () => {
  const state = (reps: unknown[]) => file(`state-${Math.random().toString(36).slice(2)}.json`, { reps });

  it('warns of a rep no active rep of the state is, in both languages with node and path; the policy still compiles (exit 0)', async () => {
    // The typo policy's node "tell" notifies rep r1; its condition reads a built-in field here (no field warning).
    const fine = file('fine-notify.json', {
      ...JSON.parse(readFileSync(typo, 'utf8')),
      nodes: JSON.parse(readFileSync(typo, 'utf8')).nodes.map((n: { id: string; data: unknown }) =>
        n.id === 'big' ? { ...n, data: { condition: { fact: 'lead.source', operator: 'equal', value: 'web' } } } : n,
      ),
    });
    const ok = await sluice(
      'compile',
      fine,
      '--state',
      state([
        { id: 'r2', teams: ['ae'] },
        { id: 'r3', active: false },
      ]),
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).key).toBe('typo');
    expect(ok.stderr).toContain(`${fine}: 1 roster warning(s) / 个名单警告`);
    expect(ok.stderr).toContain(`! [unknownRosterRef] policy "typo", node "tell" (to[0].id): rep "r1" is not in the roster (the roster's active reps: r2)`);
    expect(ok.stderr).toContain('策略“typo”节点“tell”（to[0].id）：销售“r1”不在名单中（名单中在职的销售：r2）');
    // Inactive: said so.
    const gone = await sluice('compile', fine, '--state', state([{ id: 'r1', active: false }, { id: 'r2' }]));
    expect(gone.code).toBe(0);
    expect(gone.stderr).toContain('! [inactiveRosterRef] policy "typo", node "tell" (to[0].id): rep "r1" is inactive (the roster\'s active reps: r2)');
    // The rep there and active: no roster warning.
    const quiet = await sluice('compile', fine, '--state', state([{ id: 'r1' }]));
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('roster warning');
  });

  it('a state file that is not one is a usage error naming the file (exit 2)', async () => {
    const bad = file('bad-state.json', { reps: [{ id: 7 }] });
    const r = await sluice('compile', typo, '--state', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`state file "${bad}" is invalid`);
    expect(r.stderr).toContain('reps[0].id');
  });
});
