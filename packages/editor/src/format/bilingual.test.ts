import { describe, expect, it } from 'vitest';
import { englishHalf, problemMessage } from './bilingual.js';

describe('server messages', () => {
  it('gives an English reader the English half of an "English / 中文" message', () => {
    expect(englishHalf('unknown time zone "Asia/Beijing" — did you mean "Asia/Shanghai"? / 未知时区 "Asia/Beijing"，是否为 "Asia/Shanghai"？')).toBe(
      'unknown time zone "Asia/Beijing" — did you mean "Asia/Shanghai"?',
    );
    expect(englishHalf('a / b')).toBe('a / b');
    expect(englishHalf('Expected number, received string')).toBe('Expected number, received string');
  });

  it('gives a Chinese reader messageZh when there is one', () => {
    expect(problemMessage({ message: 'Too big', messageZh: '数值过大' }, 'zh')).toBe('数值过大');
    expect(problemMessage({ message: 'Too big' }, 'zh')).toBe('Too big');
    expect(problemMessage({ message: 'at most 1000 / 最多 1000', messageZh: '最多 1000' }, 'en')).toBe('at most 1000');
  });
});
