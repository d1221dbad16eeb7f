import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xmlText } from '../src/junit.js';
import { ROOT, sluice } from './cliRunner.js';

const tmp = mkdtempSync(join(tmpdir(), 'sluice-cli-test-'));
const S06 = 'examples/policies/s06-round-robin.json';
const s06 = () =>
  JSON.parse(readFileSync(join(ROOT, S06), 'utf8')) as { tests: Array<Record<string, unknown> & { when: Array<{ expect?: Record<string, unknown> }> }> };

/** s06 with its first case expecting ae-1 where the policy picks ae-3, and an `&<"` in the case's name. */
function brokenPolicy(): string {
  const doc = s06();
  doc.tests[0]!.when[1]!.expect!.assignedTo = 'ae-1';
  doc.tests[0]!.name = { en: 'A full rep & <friends> "skip"', zh: '满额 & <朋友> 跳过' };
  const path = join(tmp, 'broken.json');
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

describe('sluice test', () => {
  it('passes the example policies that carry cases (exit 0)', async () => {
    for (const file of [S06, 'examples/policies/s16-reclaim-rules.json']) {
      const r = await sluice('test', file);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toMatch(/: (\d+) of \1 cases passed\n/);
    }
    const zh = await sluice('test', S06, '--lang', 'zh');
    expect(zh.stdout.split('\n')[0]).toBe(`s06-round-robin (${S06}): 4 个用例中 4 个通过`);
  });

  it('runs every example policy at once: those without cases say so, the run passes; JUnit has a suite per policy', async () => {
    const files = readdirSync(join(ROOT, 'examples/policies'))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => `examples/policies/${f}`);
    const out = join(tmp, 'all.xml');
    const r = await sluice('test', ...files, '--junit', out);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const headers = r.stdout.split('\n').filter((l) => !l.startsWith(' ') && l !== '');
    expect(headers).toHaveLength(files.length);
    // Every example but the benchmark's routing policy carries its scenario's cases.
    expect(headers).toContain('bench-routing-20 (examples/policies/bench-routing-20.json): no test cases');
    expect(headers.filter((h) => h.endsWith('no test cases'))).toHaveLength(1);
    expect(headers).toContain('s16-reclaim-rules (examples/policies/s16-reclaim-rules.json): 2 of 2 cases passed');
    const xml = readFileSync(out, 'utf8');
    expect(xml.match(/<testsuite /g)).toHaveLength(files.length);
    const cases = files.reduce((n, f) => n + ((JSON.parse(readFileSync(join(ROOT, f), 'utf8')) as { tests?: unknown[] }).tests?.length ?? 0), 0);
    expect(cases).toBeGreaterThan(100);
    expect(xml).toContain(`<testsuites name="sluice test" tests="${cases}" failures="0" errors="0">`);
    const both = await sluice('test', S06, brokenPolicy(), '--json');
    expect(both.code).toBe(1);
    expect(JSON.parse(both.stdout).map((x: { file: string; passed: boolean }) => [x.file, x.passed])).toEqual([
      [S06, true],
      [expect.stringMatching(/broken\.json$/), false],
    ]);
  });

  it('a failing case exits 1 with expected vs actual and the path the step took', async () => {
    const r = await sluice('test', brokenPolicy());
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^s06-round-robin \(.*broken\.json\): 3 of 4 cases passed$/);
    expect(lines.slice(1, 6)).toEqual([
      '  ✗ full-rep-skipped  A full rep & <friends> "skip"',
      '      when[1].expect.assignedTo (assigned to)',
      '        expected: "ae-1"',
      '        actual  : "ae-3"',
      '        path: start → rr',
    ]);
    expect(lines[6]).toBe('  ✓ away-rep-skipped  A rep out of office is skipped until the day they are back');
  });

  it('--junit writes well-formed JUnit XML with the failure escaped', async () => {
    const out = join(tmp, 'report.xml');
    const r = await sluice('test', brokenPolicy(), '--junit', out);
    expect(r.code).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sluice test" tests="4" failures="1" errors="0">')).toBe(true);
    expect(xml).toContain('<testcase classname="s06-round-robin" name="full-rep-skipped: A full rep &amp; &lt;friends&gt; &quot;skip&quot;"');
    expect(xml).toContain('<failure message="when[1].expect.assignedTo: expected ae-1, got ae-3" type="expectation">');
    expect(xml).toContain('expected: &quot;ae-1&quot;\n  actual:   &quot;ae-3&quot;</failure>');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    // Well-formed: every element opened is closed, in order (a minimal check without an XML dependency).
    const stack: string[] = [];
    for (const m of xml.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (m[3]) continue;
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
    expect(xml.replace(/<[^>]*>/g, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;|apos;)/);
  });

  it('escapes what XML cannot carry', () => {
    expect(xmlText(`a&b<c>"d'e`)).toBe('a&amp;b&lt;c&gt;&quot;d&apos;e');
    expect(xmlText('bell\u0007 tab\t 线索 \uD83D\uDE00 lone\uD800')).toBe('bell\uFFFD tab\t 线索 \uD83D\uDE00 lone\uFFFD');
  });

  it('--cases runs a cases file instead; --json prints the results; a malformed case exits 2 naming it', async () => {
    const casesPath = join(tmp, 'cases.json');
    writeFileSync(
      casesPath,
      JSON.stringify([
        s06().tests[2],
        { id: 'bad', name: { en: 'bad', zh: '坏' }, when: [{ event: { id: 'e', type: 'lead.made', at: '2026-03-02T02:00:00Z' } }] },
      ]),
    );
    const r = await sluice('test', S06, '--cases', casesPath, '--json');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.counts).toEqual({ cases: 2, passed: 1, failed: 0, errors: 1 });
    expect(out.cases[1].error.issues[0].path).toBe('when[0].event.type');
    const text = await sluice('test', S06, '--cases', casesPath);
    expect(text.stdout).toContain('  ! bad  bad\n      test case "bad" is malformed at when[0].event.type\n');
  });

  it('bad input exits 2 with a message, never a stack trace', async () => {
    const notJson = join(tmp, 'x.json');
    writeFileSync(notJson, '{');
    const cases = [
      [['test'], 'sluice: test: give the policy files to test (usage below) / test：请给出要测试的策略文件（用法见下）\n  sluice test <policy.json>…'],
      [['test', join(tmp, 'missing.json')], 'cannot read policy file'],
      [['test', notJson], 'is not valid JSON'],
      [['test', S06, '--lang', 'fr'], '--lang must be en or zh'],
      [['test', S06, S06, '--cases', S06], '--cases goes with one policy file'],
      [['test', S06, '--cases', S06.replace('s06-round-robin', 'bench-routing-20')], 'must hold an array of cases'],
    ] as const;
    for (const [args, words] of cases) {
      const r = await sluice(...args);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toContain(words);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a case on the current tenant needs --tenant', async () => {
    const casesPath = join(tmp, 'current.json');
    const current = {
      id: 'current',
      name: { en: 'on the tenant', zh: '基于当前租户' },
      given: { tenant: 'current' },
      when: [{ event: { id: 'c1', type: 'lead.created', at: '2026-03-02T02:00:00Z', lead: { id: 'L-C1' } }, expect: { assignedTo: 'ae-1' } }],
    };
    writeFileSync(casesPath, JSON.stringify([current]));
    const without = await sluice('test', S06, '--cases', casesPath);
    expect(without.code).toBe(2);
    expect(without.stdout).toContain('the case starts from the current tenant, but no tenant state was supplied');
    const withTenant = await sluice('test', S06, '--cases', casesPath, '--tenant', 'examples/states/ae-team.json');
    expect([withTenant.code, withTenant.stdout.split('\n')[0]]).toEqual([0, `s06-round-robin (${S06}): 1 of 1 cases passed`]);
  });
});
