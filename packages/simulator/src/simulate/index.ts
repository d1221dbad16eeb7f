export { rosterWarnings, simulate, SimulateInputError, VERDICT_RULE } from './simulate.js';
export { historyLimits } from './summary.js';
export type { Candidate, RosterWarning, SimulateInput, SimulationProgress, SimulationReport, Verdicts } from './types.js';
