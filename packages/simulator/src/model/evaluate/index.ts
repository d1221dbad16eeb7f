export type { Scored } from './scored.js';
export { scoreMetrics, type ScoreMetrics, type CalibrationBin, type LiftDecile } from './metrics.js';
export { compareAuc, type AucDifference } from './compare.js';
export { pointsScores, type PointsOptions } from './points.js';
export { EvaluateInputError } from './errors.js';
// The report is h-eval's too; re-exported here so the agreed import path has everything.
export { buildModelReport, modelReportHtml, type ModelReport, type ModelReportParts, type ReportRow } from '../report/index.js';
