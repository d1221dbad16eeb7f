export { rosterWarnings, simulate, SimulateInputError, VERDICT_RULE } from './simulate.js';
export type { Candidate, RosterWarning, SimulateInput, SimulationProgress, SimulationReport, Verdicts } from './types.js';
