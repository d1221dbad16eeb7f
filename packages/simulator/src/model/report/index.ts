export { buildModelReport, type ModelReportParts, type ReportRow } from './build.js';
export { modelReportHtml } from './html.js';
export { usedFeatures } from './features.js';
export {
  MODEL_REPORT_FORMAT,
  type BaseRateMetrics,
  type ModelReport,
  type ReportDroppedFeature,
  type ReportPeriod,
  type SplitMetrics,
  type UsedFeature,
} from './types.js';
