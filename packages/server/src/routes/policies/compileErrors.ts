import { compileErrorPath, type CompileError } from '@sluice/engine';
import type { FieldError } from '../../http/problem.js';

/** A compile error as a problem's field error: where in the document, which node, which field, both languages. */
export interface PolicyFieldError extends FieldError {
  code: CompileError['code'];
  nodeId?: string;
  edgeId?: string;
  field?: string;
}

/** The engine says where in the document each error is; this only shapes it for problem+json. */
export function policyFieldErrors(errors: readonly CompileError[], document: unknown): PolicyFieldError[] {
  return errors.map((e) => {
    const out: PolicyFieldError = { path: compileErrorPath(e, document), message: e.message.en, messageZh: e.message.zh, code: e.code };
    if (e.nodeId !== undefined) out.nodeId = e.nodeId;
    if (e.edgeId !== undefined) out.edgeId = e.edgeId;
    if (e.field !== undefined) out.field = e.field;
    return out;
  });
}
