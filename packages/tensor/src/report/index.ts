export {
  MISSING_VALUE,
  silentProgress,
  type NumberFormat,
  type TableColumn,
  type NumberCell,
  type TableCell,
  type ReportTable,
  type PaperComparison,
  type ChartSpec,
  type ReportSection,
  type ProgressReporter,
  type ReproduceContext,
  type ReproduceSectionRunner,
} from './types.js';
export { chartSpec, chartProblems, VEGA_LITE_SCHEMA, LEGEND_LABEL_LIMIT } from './chart.js';
