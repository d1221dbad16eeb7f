import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sluice, sluiceAsPnpmStartsIt } from './cliRunner.js';
import { describe, expect, it } from 'vitest';

const tmp = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
function file(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('sluice CLI', () => {
  it("runs as `pnpm sluice` starts it (run.mjs, built when stale), printing what the tests' build prints", async () => {
    // The demo reads the example corpus beside examples/index.ts: a build that moved it would fail here.
    const [asPnpm, usual] = await Promise.all([sluiceAsPnpmStartsIt('demo'), sluice('demo')]);
    expect(asPnpm.code, asPnpm.stderr).toBe(0);
    expect(asPnpm.stdout).toContain('Sluice demo — policy "Round robin across the AE team (S6)"');
    expect(asPnpm.stdout).toMatch(/assigned lead L-6 to ae-\d/);
    expect(usual.stdout).toEqual(asPnpm.stdout);
    // A first run after a change says on stderr that it built; nothing else differs.
    expect(asPnpm.stderr.replace(/^Built the CLI into .*\n/, '')).toBe(usual.stderr);
  });

  it('compile prints the rules of a valid policy', async () => {
    const r = await sluice('compile', 'examples/policies/s06-round-robin.json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.key).toBe('s06-round-robin');
    expect(out.rules.map((x: { name: string }) => x.name)).toEqual(['start>rr#0', 'start>rr:noCandidate>mgr#0']);
  });

  it('compile names the node and exits 1 on a broken policy', async () => {
    const bad = file('cycle.json', {
      key: 'loop',
      kind: 'routing',
      name: 'loop',
      nodes: [
        { id: 't', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'a', type: 'condition', data: { condition: { fact: 'lead.x', operator: 'equal', value: 1 } } },
        { id: 'b', type: 'notify', data: { to: [{ kind: 'rep', id: 'r1' }], message: { en: 'x', zh: 'x' } } },
      ],
      edges: [
        { id: 'e1', source: 't', target: 'a' },
        { id: 'e2', source: 'a', sourceHandle: 'true', target: 'b' },
        { id: 'e3', source: 'b', target: 'a' },
      ],
    });
    const r = await sluice('compile', bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/\[cycle\] node a: the flow loops: a → b → a/);
    expect(r.stderr).toContain('流程出现循环');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('decide prints the decision for a policy, state and event', async () => {
    const event = file('event.json', { id: 'ev-1', type: 'lead.created', at: '2026-03-02T02:00:00Z', lead: { id: 'L1' } });
    const r = await sluice('decide', '--policy', 'examples/policies/s06-round-robin.json', '--state', 'examples/states/ae-team.json', '--event', event);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.actions).toEqual([{ type: 'assign', leadId: 'L1', repId: 'ae-1', previousOwnerId: null, nodeId: 'rr', strategy: 'roundRobin' }]);
    expect(d.explanation.visited.map((v: { nodeId: string }) => v.nodeId)).toEqual(['start', 'rr']);
  });

  it('decide --reference gives the same decision through json-rules-engine', async () => {
    const event = file('event2.json', { id: 'ev-2', type: 'lead.created', at: '2026-03-02T02:00:00Z', lead: { id: 'L2' } });
    const args = ['decide', '--policy', 'examples/policies/s06-round-robin.json', '--state', 'examples/states/ae-team.json', '--event', event];
    const [fast, ref] = await Promise.all([sluice(...args), sluice(...args, '--reference')]);
    expect(JSON.parse(ref.stdout)).toEqual(JSON.parse(fast.stdout));
  });

  it('bad input gets a clear message with the field path and no stack trace', async () => {
    const notJson = file('broken.json', '{"id": ');
    const r1 = await sluice('decide', '--policy', 'examples/policies/s06-round-robin.json', '--event', notJson);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('is not valid JSON');
    const badEvent = file('bad-event.json', { id: 'e', type: 'lead.exploded', at: 'yesterday' });
    const r2 = await sluice('decide', '--policy', 'examples/policies/s06-round-robin.json', '--event', badEvent);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/✗ type:/);
    expect(r2.stderr).toMatch(/✗ at:/);
    // Said in plain words in both languages, not zod's "Invalid option: expected one of …".
    expect(r2.stderr).toMatch(/✗ type: must be one of: lead\.created, [^\n]* \/ 只能是以下之一：lead\.created、/);
    expect(r2.stderr).not.toContain('Invalid option');
    const r3 = await sluice('frobnicate');
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('unknown command');
    for (const r of [r1, r2, r3]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
