import { z } from 'zod';
import { conditionSchema, traceCondition, type Condition } from '../expression/condition.js';
import { defineNode } from '../types/nodeSpec.js';

export const condition = defineNode({
  kind: 'condition',
  category: 'logic',
  labels: { en: 'Condition', zh: '条件' },
  help: {
    en: 'Checks facts about the lead (all / any / not of field-operator-value tests) and continues on "yes" or "no".',
    zh: '检查线索的事实（字段-运算符-值，可用“全部/任一/非”组合），按“是”或“否”继续。',
  },
  schema: z.strictObject({ condition: conditionSchema }),
  defaults: { condition: { all: [{ fact: 'lead.region', operator: 'equal', value: 'east' }] } as Condition },
  outputs: () => [
    { handle: 'true', labels: { en: 'yes', zh: '是' } },
    { handle: 'false', labels: { en: 'no', zh: '否' } },
  ],
  branches: (c) => ({ true: c.condition, false: { not: c.condition } }),
  explain: (c, read) => ({ condition: traceCondition(c.condition, read) }),
});
