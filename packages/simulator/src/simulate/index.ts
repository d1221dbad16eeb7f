export { simulate, SimulateInputError, VERDICT_RULE } from './simulate.js';
export type { Candidate, SimulateInput, SimulationProgress, SimulationReport, Verdicts } from './types.js';
