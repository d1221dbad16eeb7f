/** What simulate() refuses before any work starts, said with the field path, in both languages. */
import { type Compiled, compileAll, ReplayInputError } from '../replay/setup.js';
import type { Words } from '../types.js';
import type { SimulateInput } from './types.js';

export class SimulateInputError extends Error {
  constructor(readonly words: Words) {
    super(`${words.en} / ${words.zh}`);
    this.name = 'SimulateInputError';
  }
}

/** Each candidate compiled (in order), for its replay: the check has compiled them already. */
export function checkInput(input: SimulateInput): Compiled[] {
  if (!Number.isSafeInteger(input.seed)) {
    throw new SimulateInputError({
      en: `seed: expected a whole number, got ${JSON.stringify(input.seed)}`,
      zh: `seed：应为整数，实际为 ${JSON.stringify(input.seed)}`,
    });
  }
  if (!Array.isArray(input.policies) || input.policies.length === 0) {
    throw new SimulateInputError({
      en: 'policies: give at least one candidate (the first is the baseline)',
      zh: 'policies：至少需要一个候选策略（第一个为基准）',
    });
  }
  const seen = new Map<string, number>();
  const compiled = input.policies.map((c, i) => {
    if (typeof c.label !== 'string' || c.label.trim() === '') {
      throw new SimulateInputError({ en: `policies[${i}].label: a candidate needs a name`, zh: `policies[${i}].label：候选策略需要名称` });
    }
    const before = seen.get(c.label);
    if (before !== undefined) {
      throw new SimulateInputError({
        en: `policies[${i}].label: "${c.label}" is already the name of policies[${before}]; names must differ so the report can tell them apart`,
        zh: `policies[${i}].label：“${c.label}”已是 policies[${before}] 的名称；名称必须不同，报告才能区分`,
      });
    }
    seen.set(c.label, i);
    if (!Array.isArray(c.policies) || c.policies.length === 0) {
      throw new SimulateInputError({
        en: `policies[${i}].policies: candidate "${c.label}" holds no policy document`,
        zh: `policies[${i}].policies：候选策略“${c.label}”不含任何策略文档`,
      });
    }
    // Compiled here as the replay will compile them, so a candidate it cannot run is said before the model is fitted.
    try {
      return compileAll(c.policies, c.label);
    } catch (e) {
      if (e instanceof ReplayInputError) throw new SimulateInputError({ en: `policies[${i}]: ${e.words.en}`, zh: `policies[${i}]：${e.words.zh}` });
      throw e;
    }
  });
  if (input.history.leads.length === 0) {
    throw new SimulateInputError({ en: 'history: it holds no lead, there is nothing to replay', zh: 'history：历史数据中没有线索，无可回放' });
  }
  return compiled;
}
