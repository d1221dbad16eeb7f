// Policy test cases (issue 14): pinned outcomes stored with a policy, run by the same step the server runs.
export {
  expectationSchema,
  givenSchema,
  policyTestCaseSchema,
  policyTestCasesSchema,
  stepEventSchema,
  testStepSchema,
  type Expectation,
  type ExpectedHolder,
  type Given,
  type PolicyTestCase,
  type PolicyTestCaseInput,
  type TestStep,
} from './schema.js';
export { EXPECTATION_LABELS, REP_CONDITIONS, SKIP_REASON_NAMES, type ExpectationKind, type RepCondition } from './labels.js';
export type { ExpectationResult } from './check.js';
export {
  PolicyNotRunnable,
  runPolicyTests,
  type CaseError,
  type CaseResult,
  type PolicyTestOptions,
  type PolicyTestRun,
  type StepTrace,
} from './run.js';
