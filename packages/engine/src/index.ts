export * from './types/domain.js';
export { INSTANT_MIN, INSTANT_MAX, instantProblem, isTimeZoneName, nearestTimeZone } from './types/time.js';
export { canonicalMs, parseInstant } from './types/isoInstant.js';
export * from './types/decision.js';
export * from './types/policy.js';
export * from './compiler/types.js';
export { compilePolicy } from './compiler/compile.js';
export { decide, decideReference, type DecideOptions, type Instant } from './runtime/decide.js';
export { fireAllFast, referenceEngine } from './runtime/evaluate.js';
export { DERIVED_FACTS } from './fields/derived.js';
export { BEHAVIOUR_KINDS, eventLeadFacts, recordEventFacts, type FactEvent } from './runtime/eventFacts.js';
export { InMemoryState } from './state/memory.js';
export { idHash } from './state/idHash.js';
export { Roster, type RosterInput } from './state/roster.js';
export { stateSnapshotSchema, type StateSnapshot, type StateSnapshotInput } from './state/snapshot.js';
export { holderOf, holdersOf, holderProblems, type Holder, type HolderProblem } from './state/holder.js';
export type { StateView, StateChange, PointerState, CustomerKeys, CreditShare } from './types/state.js';
export { defaultRegistry, NodeRegistry } from './nodes/registry.js';
export type { NodeSpec, ExecContext, NodeResult, JsonValue } from './types/nodeSpec.js';
export * from './expression/condition.js';
export { OPERATORS, OPERATOR_NAMES } from './expression/operators.js';
export { checkFactPath, FACT_ROOTS } from './expression/factPath.js';
export { tick, tickScopeOf, type TickResult } from './runtime/tick.js';
export { localStamp, localStampOf, localTime, type LocalTime } from './types/localTime.js';
export { checkClaim, claimChanges, CLAIM_NODE_ID, type ClaimCheck, type ClaimRequest, type ClaimRefusalCode } from './runtime/claims.js';
export { appliedLimit, type AppliedLimit, type ClaimLimitSource } from './runtime/claimLimits.js';
export { TICK_SCOPES, type TickScope } from './nodes/trigger.js';
export { describeNodeKinds, type NodeKindDescription } from './nodes/catalog.js';
export * from './calendar/index.js';
export { DURATION_UNITS, durationSchema, durationText, countsWorkingDays, type Duration, type DurationUnit } from './types/duration.js';
export { addDuration, subtractDuration } from './calendar/duration.js';
export * from './fields/index.js';
export { familyLookupKeys, leadIndexKeys, leadKeys, matchKeys, MATCH_KEYS_VERSION, type CustomerNames } from './matching/keys.js';
export { relationLookupKeys } from './runtime/relationKeys.js';
export { step, stepKind, eventAsDecided } from './step/step.js';
export { claimedPool } from './step/manual.js';
export { leadsReturned, RETURNED_TO_POOL, returnsToPool } from './step/returned.js';
export { isBehaviour } from './step/facts.js';
export { KIND_ORDER, runOrder } from './step/order.js';
export { routingOverlaps, type OverlapPolicy, type RoutingOverlap } from './step/routingOverlap.js';
export { SERVER_KEPT } from './step/facts.js';
export {
  FACT_ONLY_EVENT_TYPES,
  MANUAL_EVENT_TYPES,
  type FactOnlyEventType,
  type ManualEventType,
  type StepEvent,
  type StepInput,
  type StepKind,
  type StepRefusal,
  type StepRefusalCode,
  type StepResult,
  type WorkingState,
} from './step/types.js';
// Shared with the server and the editor (one home each): the policy diff, where a compile error is
// in the document, the Chinese for a schema issue, the runtime facts, the node kinds.
export { changesDecisions, diffPolicies, isEmptyDiff, type PolicyDiff, type PolicyFieldChange, type PolicyEdgeRef } from './policy/diff.js';
export {
  rosterNames,
  rosterRefs,
  SHOWN_ROSTER_NAMES,
  unknownRosterRefs,
  type RosterKind,
  type RosterNames,
  type RosterRef,
  type RosterView,
  type UnknownRosterRef,
} from './policy/rosterRefs.js';
export { routableReps } from './policy/routableReps.js';
export { compileErrorPath } from './compiler/errorPaths.js';
// fieldPath: how the CLI (and any caller) names where in a document a schema problem is: [3].type, nodes[0].data.
export { schemaIssueMessage, schemaIssueZh, jsonPath, joinPath, fieldPath, type SchemaIssue } from './errors/schemaIssues.js';
export { RUNTIME_FACT_ROOTS, SCALAR_FACT_ROOTS, type FactRoot, type RuntimeFactRoot } from './expression/factPath.js';
export { NODE_KINDS, isNodeKind, type NodeKind } from './nodes/kinds.js';
export { dueClocks, nextDueAt, type DueClock } from './runtime/nextDue.js';
export * from './policyTests/index.js';
export * from './scoreModel/index.js';
