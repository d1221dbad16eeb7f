import { describe, expect, it } from 'vitest';
import { messageModules, type Messages } from './index.js';

const keys = (m: Messages, prefix = ''): string[] =>
  Object.entries(m)
    .flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))
    .sort();

describe('messages', () => {
  it('every namespace has the same keys in Chinese and English, none empty', () => {
    for (const m of messageModules) {
      expect(keys(m.zh), m.namespace).toEqual(keys(m.en));
      const empty = [...keys(m.zh)].filter((k) => k.split('.').reduce<unknown>((o, p) => (o as Messages)[p], m.zh) === '');
      expect(empty, m.namespace).toEqual([]);
    }
  });
});
