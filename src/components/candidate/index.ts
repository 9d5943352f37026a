/** Model details: one view per file, and the tabbed view that loads them. */
export * from './ReportButton';
export * from './MetricsTables';
export * from './ExplainabilityView';
export * from './PerformanceView';
export * from './ArtifactsView';
export * from './NetworkView';
export * from './CandidateContent';
