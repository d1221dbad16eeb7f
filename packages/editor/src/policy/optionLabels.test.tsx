import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { i18next } from '../i18n/index';
import { KINDS } from './catalog';
import { Inspector } from './Inspector';
import { isConditionField } from './schemaForm';
import { EMPTY_VALUES } from './tenantValues';

// Every value a node's form offers in a drop-down is shown in words, in both languages: the engine's
// registry puts `optionLabels` beside each enum, and the inspector shows them instead of the raw
// value (`escalate` → 升级给管理层).

afterEach(cleanup);

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const CJK = /[\u4e00-\u9fff]/;

/**
 * Every enum the form of a kind can show, with where it is. Condition trees are left out: the form
 * shows them as a sentence and JSON (ConditionField), not as drop-downs. A `$ref` is followed where
 * the form would follow it.
 */
function enumsOf(root: Json): Array<{ at: string; schema: Json }> {
  const out: Array<{ at: string; schema: Json }> = [];
  const seen = new Set<unknown>();
  const walk = (s: unknown, at: string, name?: string) => {
    if (!isObj(s) || isConditionField(name) || seen.has(s)) return;
    seen.add(s);
    if (Array.isArray(s.enum)) out.push({ at, schema: s });
    if (typeof s.$ref === 'string') walk(resolve(root, s.$ref), `${at}→${s.$ref}`, name);
    if (isObj(s.properties)) for (const [p, sub] of Object.entries(s.properties)) walk(sub, `${at}.${p}`, p);
    if (isObj(s.items)) walk(s.items, `${at}[]`, name);
    for (const k of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
      const list = s[k];
      if (Array.isArray(list)) list.forEach((x, i) => walk(x, `${at}.${k}[${i}]`, name));
    }
    if (isObj(s.additionalProperties)) walk(s.additionalProperties, `${at}{}`, name);
  };
  walk(root, '');
  return out;
}

const resolve = (root: Json, ref: string): unknown =>
  ref
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((at, part) => (isObj(at) ? at[part] : undefined), root);

describe('option labels of every node kind', () => {
  it('every enum a form shows has an English and a Chinese label for each of its values', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const kind of KINDS) {
      for (const { at, schema } of enumsOf(kind.configSchema as Json)) {
        const labels = isObj(schema.optionLabels) ? schema.optionLabels : {};
        for (const value of schema.enum as unknown[]) {
          checked++;
          const l = labels[String(value)];
          const en = isObj(l) && typeof l.en === 'string' ? l.en.trim() : '';
          const zh = isObj(l) && typeof l.zh === 'string' ? l.zh : '';
          if (en === '' || !CJK.test(zh)) missing.push(`${kind.kind} ${at}: ${String(value)}`);
        }
      }
    }
    expect(missing).toEqual([]);
    // The walk saw the enums the user met: notify's mode and recipients, events, units, split methods …
    expect(checked).toBeGreaterThan(150);
  });

  it('the notify form shows its modes and recipients in words, in Chinese and in English', async () => {
    const notify = {
      id: 'n',
      type: 'notify',
      position: { x: 0, y: 0 },
      data: { mode: 'escalate', to: [{ kind: 'ownerManager', id: 'owner' }], message: { en: 'x', zh: 'x' } },
    };
    const texts = (c: HTMLElement, id: string) => [...c.querySelector<HTMLSelectElement>(`#${id}`)!.options].map((o) => o.text);
    await i18next.changeLanguage('zh');
    const zh = render(<Inspector node={notify} problems={[]} values={EMPTY_VALUES} onChange={() => {}} />);
    expect(texts(zh.container, 'root_mode')).toEqual(['通知', '创建任务', '升级给管理层']);
    expect(zh.container.querySelector<HTMLSelectElement>('#root_mode')!.selectedOptions[0]!.text).toBe('升级给管理层');
    expect(texts(zh.container, 'root_to_0_kind')).toEqual([
      '',
      '指定销售（下方填销售标识）',
      '团队全体成员（下方填团队标识）',
      '某一职能的全部人员（下方填职能）',
      '团队主管（下方填团队标识）',
      '线索负责人',
      '负责人的主管',
    ]);
    cleanup();
    await i18next.changeLanguage('en');
    const en = render(<Inspector node={notify} problems={[]} values={EMPTY_VALUES} onChange={() => {}} />);
    expect(texts(en.container, 'root_mode')).toEqual(['Notify', 'Create a task', 'Escalate to management']);
    expect(texts(en.container, 'root_to_0_kind')).toContain("The owner's manager");
  });

  it('no drop-down of any node kind shows a raw value in the Chinese form', async () => {
    await i18next.changeLanguage('zh');
    const raw: string[] = [];
    for (const kind of KINDS) {
      const values = new Set(enumsOf(kind.configSchema as Json).flatMap(({ schema }) => (schema.enum as unknown[]).map(String)));
      const { container } = render(
        <Inspector
          node={{ id: 'n', type: kind.kind, position: { x: 0, y: 0 }, data: kind.defaults }}
          problems={[]}
          values={EMPTY_VALUES}
          onChange={() => {}}
        />,
      );
      // The smart score's model picker lists the tenant's own models by key: names, not enum values.
      for (const option of container.querySelectorAll('select:not(#root_model) option')) {
        const text = option.textContent ?? '';
        if (text !== '' && (values.has(text) || !CJK.test(text))) raw.push(`${kind.kind}: ${text}`);
      }
      cleanup();
    }
    expect(raw).toEqual([]);
  });
});
