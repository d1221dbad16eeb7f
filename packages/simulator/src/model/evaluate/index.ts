export type { Scored } from './scored.js';
export { scoreMetrics, type ScoreMetrics, type CalibrationBin, type LiftDecile } from './metrics.js';
export { compareAuc, type AucDifference } from './compare.js';
export { pointsScores, type PointsOptions } from './points.js';
export { EvaluateInputError } from './errors.js';
