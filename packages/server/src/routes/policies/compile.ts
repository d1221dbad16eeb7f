import { compilePolicy, type CompiledPolicy, type LeadField } from '@sluice/engine';
import { ProblemError } from '../../http/problem.js';
import { policyFieldErrors } from './compileErrors.js';

/**
 * Only a document that compiles cleanly may decide; its trigger's events index it for /v1/decide.
 * With the tenant's lead-field catalog a field the CRM does not send is one of those errors.
 */
export function liveCompiled(document: unknown, action: 'publish' | 'rollback', fields: LeadField[] | undefined): CompiledPolicy {
  const compiled = compilePolicy(document, { fields });
  if (!compiled.ok) {
    const what = action === 'publish' ? 'The draft' : 'That version';
    const whatZh = action === 'publish' ? '草稿' : '该版本';
    throw new ProblemError(422, 'policy-does-not-compile', `${what} does not compile; fix the errors listed`, {
      detailZh: `${whatZh}无法编译，请修正所列错误`,
      errors: policyFieldErrors(compiled.errors, document),
    });
  }
  return compiled.policy;
}

/** Without a catalog, fields the engine cannot vouch for come back as warnings: listed, never refused. */
export function compileStatus(document: unknown, fields: LeadField[] | undefined) {
  const compiled = compilePolicy(document, { fields });
  const warnings = compiled.warnings ? { warnings: policyFieldErrors(compiled.warnings, document) } : {};
  return compiled.ok ? { ok: true, errors: [], ...warnings } : { ok: false, errors: policyFieldErrors(compiled.errors, document), ...warnings };
}
