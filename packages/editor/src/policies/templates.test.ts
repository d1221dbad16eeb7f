import { compilePolicy } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { blankPolicy, keyProblem, listTemplates, templateDocuments } from './templates.js';

describe('templates on the new-policy screen', () => {
  it('lists the six templates in both languages, with the kinds they hold', () => {
    const en = listTemplates('en');
    expect(en.map((t) => t.id)).toEqual([
      'round-robin-reclaim',
      'sdr-gate-grades',
      'region-product-routing',
      'tiered-cascade',
      'co-follow-stage-split',
      'anti-hoarding',
    ]);
    expect(en[0]).toMatchObject({ name: 'Round robin + reclaim after 7 days without follow-up', kinds: ['routing', 'reclaim'] });
    expect(en[0]!.policies.map((p) => p.key)).toEqual(['round-robin', 'reclaim-7d']);
    expect(listTemplates('zh')[0]!.name).toBe('轮流分配 + 7 天未跟进回收公海');
  });

  it("renames a template's policies as chosen, as drafts (version 0), without touching the template", () => {
    const docs = templateDocuments('round-robin-reclaim', [
      { key: 'east-rr', name: 'East RR' },
      { key: 'east-reclaim', name: 'East reclaim' },
    ]);
    expect(docs.map((d) => [d.key, d.name, d.version, d.kind])).toEqual([
      ['east-rr', 'East RR', 0, 'routing'],
      ['east-reclaim', 'East reclaim', 0, 'reclaim'],
    ]);
    expect(listTemplates('en')[0]!.policies[0]!.key).toBe('round-robin');
    expect(templateDocuments('no-such-template', [])).toEqual([]);
  });

  it("offers a template's policies in the reader's language: names on the card, and the drafts' labels and descriptions", () => {
    expect(listTemplates('zh')[0]!.policies.map((p) => p.name)).toEqual(['客户经理组轮流分配', '7 天未跟进回收公海']);
    expect(listTemplates('en')[0]!.policies.map((p) => p.name)).toEqual(['Round robin across the AE team', 'Reclaim after 7 days without follow-up']);
    const [, reclaim] = templateDocuments('round-robin-reclaim', [], 'zh');
    expect([reclaim!.name, reclaim!.description, reclaim!.nodes.map((n) => n.label)]).toEqual([
      '7 天未跟进回收公海',
      '每次定时检查所有已分配线索：超过 7 天未跟进即回收到公海。',
      ['每日检查或阶段变化', '7 / 30 / 90 天回收公海'],
    ]);
    const [rr] = templateDocuments('round-robin-reclaim', [{ key: 'east-rr', name: '华东轮流分配' }], 'zh');
    expect([rr!.key, rr!.name]).toEqual(['east-rr', '华东轮流分配']);
    expect((rr!.tests as Array<{ id: string; description?: string }>).find((c) => c.id === 'full-rep-skipped')!.description).toBe(
      'ae-1 已有 20 条未结线索（达到其上限）：四条新线索在 ae-2 与 ae-3 之间轮流分配。',
    );
  });

  it('a blank canvas is one trigger for the kind; it parses as a policy document', () => {
    const doc = blankPolicy('reclaim', 'my-reclaim', 'Mine');
    expect(doc.nodes).toEqual([{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['tick'], tickScope: 'ownedLeads' } }]);
    expect(doc.edges).toEqual([]);
    // Nothing but a trigger: the compiler's one complaint is that it leads nowhere yet, not the document's shape.
    const compiled = compilePolicy(doc);
    expect(compiled.ok ? [] : compiled.errors.map((e) => [e.code, e.nodeId])).toEqual([['deadEnd', 'start']]);
    expect(blankPolicy('split', 'k', 'n').nodes[0]!.data).toEqual({ events: ['deal.won'] });
  });

  it('checks a key as the server does, and against the keys already taken', () => {
    const taken = new Set(['round-robin']);
    expect(keyProblem('', taken)).toBe('empty');
    expect(keyProblem('Round Robin', taken)).toBe('pattern');
    expect(keyProblem('-rr', taken)).toBe('pattern');
    expect(keyProblem('round-robin', taken)).toBe('taken');
    expect(keyProblem('east.rr_2', taken)).toBeNull();
  });
});
