/**
 * JUnit XML for `sluice test --junit`: what CI systems (GitLab, Jenkins, GitHub's reporters) read.
 * One testsuite per policy, one testcase per case; a failed expectation is a <failure>, a case
 * that could not run (malformed, no tenant state) an <error>.
 */
import type { PolicyTestRun } from '@sluice/engine';

type Lang = 'en' | 'zh';

/**
 * Text as XML 1.0 allows it: the five markup characters escaped, and the characters XML cannot
 * carry at all (control characters other than tab and newlines, lone surrogates, U+FFFE/U+FFFF)
 * replaced by U+FFFD, so a rep id pasted from a spreadsheet cannot make the report unreadable.
 */
export function xmlText(value: string): string {
  let out = '';
  // for…of walks code points: a paired surrogate arrives whole, a lone one on its own.
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    const allowed = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
    out += !allowed ? '\uFFFD' : (ESCAPES[ch] ?? ch);
  }
  return out;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlText(String(v))}"`)
    .join('');

export function junitXml(runs: ReadonlyArray<{ run: PolicyTestRun; file: string }>, lang: Lang): string {
  const sum = (k: 'cases' | 'failed' | 'errors') => runs.reduce((n, r) => n + r.run.counts[k], 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'sluice test', tests: sum('cases'), failures: sum('failed'), errors: sum('errors') })}>`,
  ];
  for (const { run, file } of runs) lines.push(...suite(run, file, lang));
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function suite({ cases, counts, policy }: PolicyTestRun, file: string, lang: Lang): string[] {
  const lines = [`  <testsuite${attrs({ name: policy.key, tests: counts.cases, failures: counts.failed, errors: counts.errors, file })}>`];
  for (const c of cases) {
    const open = `    <testcase${attrs({ classname: policy.key, name: `${c.id}: ${c.name[lang]}`, file })}`;
    if (c.error) {
      const body = c.error.issues.map((i) => `${i.path || '(case)'}: ${i.message[lang]}`).join('\n');
      lines.push(`${open}>`, `      <error${attrs({ message: c.error.message[lang], type: 'malformed' })}>${xmlText(body)}</error>`, '    </testcase>');
    } else if (!c.passed) {
      const failed = c.expectations.filter((e) => !e.passed);
      const body = failed
        .map((e) => `${e.path} (${e.label[lang]})\n  expected: ${JSON.stringify(e.expected)}\n  actual:   ${JSON.stringify(e.actual)}`)
        .join('\n');
      const message = failed.map((e) => `${e.path}: ${e.reason[lang]}`).join('; ');
      lines.push(`${open}>`, `      <failure${attrs({ message, type: 'expectation' })}>${xmlText(body)}</failure>`, '    </testcase>');
    } else {
      lines.push(`${open}/>`);
    }
  }
  lines.push('  </testsuite>');
  return lines;
}
