import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n/index.js';
import { Problems } from './Problems';
import type { Problem } from './validation';

afterEach(() => {
  cleanup();
  setLanguage('en');
});

const nodes = [
  { id: 'rule-1', type: 'reclaim.rule' },
  { id: 'cap-1', type: 'assign.capacity' },
];
const problems: Problem[] = [
  {
    code: 'invalidConfig',
    severity: 'error',
    nodeId: 'rule-1',
    field: 'days.noFollowUp',
    path: '$.nodes[0].data.days.noFollowUp',
    message: { en: 'too small', zh: '数值过小' },
  },
  {
    code: 'invalidConfig',
    severity: 'error',
    nodeId: 'cap-1',
    field: 'coolingDays',
    path: '$.nodes[1].data.coolingDays',
    message: { en: 'too small', zh: '数值过小' },
  },
  { code: 'unreachable', severity: 'error', nodeId: 'gone', path: '$.nodes[2]', message: { en: 'cannot be reached', zh: '无法到达' } },
];

describe('the problems list says where in the words on screen', () => {
  it('names the node by its kind and the field by its label, the id and key beside them', () => {
    const { container } = render(<Problems problems={problems} nodes={nodes} onPick={() => {}} />);
    const items = [...container.querySelectorAll('li')].map((li) => li.textContent);
    expect(items).toEqual([
      '✖ Reclaim to pool rule-1 · Thresholds › Threshold: no follow-up days.noFollowUp: too small',
      '✖ By capacity cap-1 · Cooling days coolingDays: too small',
      '✖ gone: cannot be reached',
    ]);
  });

  it('in Chinese', () => {
    setLanguage('zh');
    const { container } = render(<Problems problems={problems} nodes={nodes} onPick={() => {}} />);
    expect(container.querySelector('li')?.textContent).toBe('✖ 回收到公海 rule-1 · 期限 › 期限：未跟进 days.noFollowUp：数值过小');
  });
});
