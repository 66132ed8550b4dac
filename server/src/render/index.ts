// The HTML renderer shared by the preview, the sidebar Cascade view and `okr report`.
export { renderCascadeHtml, notice, type RenderOptions } from './cascade';
export { renderReportHtml, reportCsp, type ReportOptions } from './report';
export { CASCADE_CSS } from './style';
export { escapeHtml } from './format';
