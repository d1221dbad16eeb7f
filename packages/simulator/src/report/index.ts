export { type ReportHeader, reportHtml } from './html.js';
