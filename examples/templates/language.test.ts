import { compilePolicy, runPolicyTests } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { TEMPLATES, templateIn, templatesIn, type ExampleTemplate } from './index.js';

// A template shows in the user's language: in the Chinese editor its policies' names, descriptions,
// node labels, labels inside node settings and test cases say nothing in English but ids, keys,
// field paths, acronyms and the data they name (and the English editor nothing in Chinese).

type Policy = ExampleTemplate['policies'][number];
const CJK = /[\u4e00-\u9fff]/;

/** Every text the editor shows of a template in `lang`: the card, then each policy as the canvas, inspector and Tests tab show it. */
function shownTexts(t: ExampleTemplate, lang: 'en' | 'zh'): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [
    { where: 'template name', text: t.name[lang] },
    { where: 'template description', text: t.description[lang] },
  ];
  for (const p of t.policies) {
    out.push({ where: `${p.key} name`, text: p.name }, { where: `${p.key} description`, text: String(p.description ?? '') });
    for (const n of p.nodes as Array<{ id: string; label?: string; data: unknown }>) {
      if (n.label !== undefined) out.push({ where: `${p.key} node ${n.id}`, text: n.label });
      labelsIn(n.data, `${p.key} ${n.id}`, lang, out);
    }
    for (const c of (p.tests ?? []) as Array<{ id: string; name: { en: string; zh: string }; description?: string }>) {
      out.push({ where: `${p.key} case ${c.id}`, text: c.name[lang] });
      if (c.description) out.push({ where: `${p.key} case ${c.id} description`, text: c.description });
    }
  }
  return out;
}

/** Labels inside a node's settings: a plain `label`, or a bilingual one ({ en, zh }) in the reader's language. */
function labelsIn(v: unknown, where: string, lang: 'en' | 'zh', out: Array<{ where: string; text: string }>) {
  if (Array.isArray(v)) return v.forEach((x, i) => labelsIn(x, `${where}[${i}]`, lang, out));
  if (v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v)) {
    if ((k === 'label' || k === 'defaultLabel') && typeof x === 'string') out.push({ where: `${where}.${k}`, text: x });
    else if ((k === 'label' || k === 'defaultLabel') && x && typeof x === 'object')
      out.push({ where: `${where}.${k}`, text: (x as Record<string, string>)[lang]! });
    else labelsIn(x, `${where}.${k}`, lang, out);
  }
}

/** Words the documents use as data (ids, keys, team and rep names, field values, event types): shown as they are in either language. */
function dataWords(policies: readonly Policy[]): Set<string> {
  const words = new Set<string>();
  const SKIP = new Set(['name', 'description', 'label', 'defaultLabel', 'message', 'en', 'zh']);
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if (!SKIP.has(key ?? '')) for (const w of v.split(/[\s,;:()（）、]+/)) words.add(w);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(policies);
  // A rep's or team's name in a case's roster is data too.
  for (const p of policies)
    for (const c of (p.tests ?? []) as Array<{ given?: { reps?: Array<{ name?: string }>; teams?: Array<{ name?: string }> } }>)
      for (const r of [...(c.given?.reps ?? []), ...(c.given?.teams ?? [])]) for (const w of (r.name ?? '').split(/\s+/)) words.add(w);
  return words;
}

/** English words in a Chinese text that are not ids, keys, field paths, acronyms, placeholders or data. */
function englishIn(text: string, data: Set<string>): string[] {
  const stripped = text.replace(/\{\{[^}]*\}\}/g, ' ');
  return (stripped.match(/[A-Za-z][A-Za-z0-9_.'’-]*/g) ?? []).filter(
    (w) => !/^[A-Z]{2,5}s?$/.test(w) && !/[0-9_.-]/.test(w) && !data.has(w) && !data.has(w.replace(/[.’']$/, '')),
  );
}

/** Chinese in an English text that is not data (a province a switch matches, a rep's name). */
function chineseIn(text: string, data: Set<string>): string[] {
  return (text.match(/[\u4e00-\u9fff][\u4e00-\u9fff·]*/g) ?? []).filter((w) => !data.has(w) && ![...data].some((d) => d.includes(w)));
}

describe('templates in the user’s language', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: in Chinese no text shown is in English but ids, keys and data', (_id, t) => {
    const zh = templateIn(t, 'zh');
    const data = dataWords(t.policies);
    const english = shownTexts(zh, 'zh')
      .map(({ where, text }) => ({ where, words: englishIn(text, data) }))
      .filter((x) => x.words.length > 0);
    expect(english).toEqual([]);
    // Every text shown says something in Chinese (an id alone is not a label).
    expect(shownTexts(zh, 'zh').filter(({ text }) => text !== '' && !CJK.test(text) && !/^(CRM|ERP)$/.test(text))).toEqual([]);
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: in English no text shown is in Chinese but data', (_id, t) => {
    const en = templateIn(t, 'en');
    const data = dataWords(t.policies);
    const chinese = shownTexts(en, 'en')
      .map(({ where, text }) => ({ where, words: chineseIn(text, data) }))
      .filter((x) => x.words.length > 0);
    expect(chinese).toEqual([]);
  });

  it('changes only words: the same ids, kinds, settings and cases, which still compile and pass', () => {
    for (const lang of ['en', 'zh'] as const) {
      const local = templatesIn(lang);
      expect(local.map((t) => t.id)).toEqual(TEMPLATES.map((t) => t.id));
      local.forEach((t, i) => {
        const original = TEMPLATES[i]!;
        t.policies.forEach((p, j) => {
          const o = original.policies[j]!;
          expect([p.key, p.kind, p.nodes.map((n) => [n.id, n.type])]).toEqual([o.key, o.kind, o.nodes.map((n) => [n.id, n.type])]);
          expect(p.edges).toEqual(o.edges);
          const compiled = compilePolicy(p);
          expect(compiled.ok ? [] : compiled.errors, `${lang} ${p.key}`).toEqual([]);
          if (Array.isArray(p.tests) && p.tests.length > 0) {
            const run = runPolicyTests(p);
            expect([p.key, run.counts.failed, run.counts.errors]).toEqual([p.key, 0, 0]);
          }
        });
      });
    }
    // The bilingual documents the demo publishes are left as they were.
    expect(TEMPLATES[0]!.policies[0]!.name).toBe('Round robin across the AE team / 客户经理组轮流分配');
  });

  it('a Chinese reader gets Chinese labels inside node settings too (switch branches, scoring criteria)', () => {
    const region = templateIn(TEMPLATES.find((t) => t.id === 'region-product-routing')!, 'zh').policies[0]!;
    const node = region.nodes.find((n) => n.id === 'region') as unknown as { label: string; data: { cases: Array<{ label: string }> } };
    expect([node.label, ...node.data.cases.map((c) => c.label)]).toEqual(['区域', '华东', '华北', '华南']);
    const scoring = templateIn(TEMPLATES.find((t) => t.id === 'sdr-gate-grades')!, 'en').policies[0]!;
    const points = scoring.nodes.find((n) => n.id === 'points') as unknown as {
      data: { criteria: Array<{ label: string }>; perUnit: Array<{ label: string }> };
    };
    expect(points.data.criteria.map((c) => c.label)).toEqual(['target industry', '200+ employees', 'budget stated']);
    expect(points.data.perUnit.map((c) => c.label)).toEqual(['page visits', 'downloads', 'e-mail replies']);
  });
});
