import { columnInt, queryInt } from '../db/limits.js';
import { policyVersions, scoreModels } from '../db/schema.js';

/**
 * Version fields that say what they take. zod's own words leave a client guessing: "Invalid input"
 * for `"latest"` where a number or "draft" is taken, "expected number, received NaN" for a path's
 * `latest`. Each message is "English / 中文": fieldErrors takes the Chinese half as messageZh.
 * A union using one also passes it as its own `error`, for a value that is none of its options.
 */

type Name = 'live' | 'draft';

const POLICY = { en: 'a published version number (1, 2, …)', zh: '已发布的版本号（1、2……）' };
const MODEL = { en: 'a version number of the model (1, 2, …)', zh: '模型的版本号（1、2……）' };

function accepts(what: { en: string; zh: string }, field: string, fieldZh: string, names: readonly Name[]): string {
  const quoted = names.map((n) => `"${n}"`);
  const last = quoted.pop();
  const en = last === undefined ? what.en : `${[what.en, ...quoted].join(', ')} or ${last}`;
  // No space between full-width punctuation and 或; one after a quoted name.
  const zh = last === undefined ? what.zh : `${[what.zh, ...quoted].join('、')}${quoted.length > 0 ? ' ' : ''}或 ${last}`;
  return `${field} must be ${en} / ${fieldZh}须为${zh}`;
}

/** What a policy version field takes, e.g. `version must be a published version number (1, 2, …) or "draft" / …`. */
export function policyVersionMessage(field: string, names: readonly Name[] = [], fieldZh = `${field} `): string {
  return accepts(POLICY, field, fieldZh, names);
}

/** A published policy version in a JSON body. */
export const policyVersionNumber = (message: string) => columnInt(policyVersions.version, { min: 1 }, message);
/** The same as text (a path or query parameter). */
export const policyVersionText = (message: string) => queryInt(policyVersions.version, { min: 1 }, message);

/** A smart-score model's version as text (a path or query parameter). */
export const modelVersionText = (field: string, fieldZh = `${field} `) => queryInt(scoreModels.version, { min: 1 }, accepts(MODEL, field, fieldZh, []));
