/**
 * The seeded synthetic world (issue #12, "Proof that the estimates are right"): reps with hidden
 * skill, leads for the B2B and B2C regimes, the hidden outcome model as a LeadBehaviour, histories
 * under any policy through the replay, and the exact expected wins of any run.
 */
export { generateWorld, worldArrivals, worldRoster, type LeadTruth, type World, type WorldOptions, type WorldRep } from './world.js';
export { hiddenAmount, hiddenWinProbability, trueExpected, worldBehaviour, type TrueExpected, type WorldAssignment } from './hidden.js';
export { GRADES, LOAD_DELAY, LOAD_ODDS, REGIMES, VOCABULARY, type Locale, type Regime, type RegimeParams } from './regimes.js';
export { historyFromRun } from './recorded.js';
export { hiddenLeadProbabilities, type HiddenLeadProbability } from './leadTruth.js';
export { historyUnderPolicy, runInWorld, worldRunUntil, type WorldHistory, type WorldRunInput } from './history.js';
