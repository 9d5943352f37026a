/**
 * Performance: the model-quality report's metrics, confusion matrix, ROC and precision-recall charts.
 */
import * as React from 'react';
import { IPerformance, IPlotlyFigure, PlotlyObject } from '../../api';
import { formatNumber, formatTime, parseTime } from '../../lib/format';
import { Empty, Notice, useTrans } from '../common/common';
import { ThresholdExplorer } from './ThresholdExplorer';
import { ServerChart } from '../common/ServerChart';
import { Breakable, CandidateMetricsTable } from './MetricsTables';
import { ReportButton, ReportDownloader } from './ReportButton';

/** Height of the ROC and precision-recall charts, side by side under the confusion matrix. */
export const CURVE_HEIGHT = 260;

/** The confusion matrix's height in the performance grid: 40px under the figure's (min. 260). */
export function cmHeight(height: unknown): number {
  const h = typeof height === 'number' && isFinite(height) ? height : 320;
  return Math.max(260, h - 40);
}
/** The curves' legends sit inside the plot, where the curve leaves room (not in a side column). */
const ROC_OVERRIDE = {
  height: CURVE_HEIGHT,
  legend: {
    x: 0.98,
    xanchor: 'right',
    y: 0.04,
    yanchor: 'bottom',
    bgcolor: 'rgba(0,0,0,0)'
  }
};
const PR_OVERRIDE = {
  height: CURVE_HEIGHT,
  legend: {
    x: 0.04,
    xanchor: 'left',
    y: 0.04,
    yanchor: 'bottom',
    bgcolor: 'rgba(0,0,0,0)'
  }
};

/** The regression plots: the server's figure, its own title hidden (the section's heading says it). */
const REGRESSION_OVERRIDE: PlotlyObject = { height: 320 };

/** A curve chart (ROC, precision-recall) in the grid under the confusion matrix. */
function CurveSection(props: {
  title: string;
  label: string;
  figure: IPlotlyFigure;
  className: string;
  override: PlotlyObject;
}) {
  return (
    <section className="jp-autopilot-section jp-autopilot-perf-curve">
      <h3 className="jp-autopilot-h3">{props.title}</h3>
      <ServerChart
        figure={props.figure}
        className={props.className}
        ariaLabel={props.label}
        override={props.override}
      />
    </section>
  );
}

export interface IPerformanceViewProps {
  data: IPerformance;
  downloadReport?: ReportDownloader;
  filenamePrefix?: string;
}

export function PerformanceView(props: IPerformanceViewProps) {
  const trans = useTrans();
  const { data } = props;
  const report = data.report;
  const [normalized, setNormalized] = React.useState(false);
  // (an output saved by an older version may lack them: no chart, the rest shows)
  const figures = data.figures ?? {
    confusionMatrix: null,
    confusionMatrixNormalized: null,
    roc: null,
    precisionRecall: null,
    actualVsPredicted: null,
    residuals: null
  };
  const cmFigure = normalized
    ? figures.confusionMatrixNormalized
    : figures.confusionMatrix;
  // a little shorter than the figure asks, so that the curves fit under it in view
  const cmOverride = React.useMemo(
    () => ({ height: cmHeight(cmFigure?.layout?.height) }),
    [cmFigure]
  );
  const roc = figures.roc;
  const pr = figures.precisionRecall;
  const rocCurve = report.curves.roc;
  const hasCurves = !!(roc || pr);
  // Metric tables on the left, the confusion matrix on the right with the ROC and PR curves
  // side by side under it: the charts are in view at once, whatever the tables' length. A
  // narrow panel (container query in the CSS) stacks everything in one column.
  return (
    <div className="jp-autopilot-performance">
      <div
        className={
          'jp-autopilot-perf-grid' +
          (cmFigure || hasCurves ? ' jp-autopilot-perf-grid-charts' : '')
        }
      >
        <div className="jp-autopilot-perf-tables">
          <section className="jp-autopilot-section">
            <div className="jp-autopilot-section-head">
              <h3 className="jp-autopilot-h3">
                {trans.__('Metric statistics')}
              </h3>
              <span className="jp-autopilot-spacer" />
              {props.downloadReport && report.available ? (
                <>
                  <ReportButton
                    kind="performancePdf"
                    label={trans.__('Download report (PDF)')}
                    download={props.downloadReport}
                    filenamePrefix={props.filenamePrefix || 'candidate'}
                    exists={data.reports?.performancePdf}
                  />
                  <ReportButton
                    kind="performanceJson"
                    label={trans.__('Download statistics (JSON)')}
                    download={props.downloadReport}
                    filenamePrefix={props.filenamePrefix || 'candidate'}
                    exists={data.reports?.performanceJson}
                  />
                </>
              ) : null}
            </div>
            {!report.available ? (
              <Notice
                title={trans.__(
                  'The model performance report is not available for this candidate'
                )}
              >
                {report.reason ||
                  trans.__(
                    'Autopilot generates the performance report only for the best candidate.'
                  )}
              </Notice>
            ) : (
              <>
                <div className="jp-autopilot-caption">
                  {[
                    report.problemType
                      ? trans.__('Problem type: %1', report.problemType)
                      : '',
                    typeof report.itemCount === 'number'
                      ? trans.__('Evaluated on %1 rows', report.itemCount)
                      : '',
                    parseTime(report.evaluationTime) !== null
                      ? trans.__(
                          'Evaluation time: %1',
                          formatTime(report.evaluationTime)
                        )
                      : ''
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </div>
                {data.reportComputedOn ? (
                  <div className="jp-autopilot-caption jp-autopilot-computed-on">
                    {data.reportComputedOn}
                  </div>
                ) : null}
                {report.metrics && report.metrics.length ? (
                  <table className="jp-autopilot-table jp-autopilot-statistics">
                    <thead>
                      <tr>
                        <th>{trans.__('Metric')}</th>
                        <th className="jp-autopilot-num">
                          {trans.__('Value')}
                        </th>
                        <th className="jp-autopilot-num">
                          {trans.__('Standard deviation')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.metrics.map((m, i) => (
                        <tr key={`${m.name}-${i}`}>
                          <td>
                            <Breakable text={m.name} />
                          </td>
                          <td className="jp-autopilot-num">
                            {formatNumber(m.value)}
                          </td>
                          <td className="jp-autopilot-num">
                            {formatNumber(m.standardDeviation ?? null)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <Empty>{trans.__('The report has no metrics.')}</Empty>
                )}
              </>
            )}
          </section>
          <section className="jp-autopilot-section">
            <h3 className="jp-autopilot-h3">{trans.__('Candidate metrics')}</h3>
            {data.metricsComputedOn ? (
              <div className="jp-autopilot-caption jp-autopilot-computed-on">
                {data.metricsComputedOn}
              </div>
            ) : null}
            <CandidateMetricsTable metrics={data.candidateMetrics || []} />
          </section>
        </div>
        {cmFigure ? (
          <section className="jp-autopilot-section jp-autopilot-perf-cm">
            <div className="jp-autopilot-section-head">
              <h3 className="jp-autopilot-h3">
                {trans.__('Confusion matrix')}
              </h3>
              <span className="jp-autopilot-spacer" />
              <div
                className="jp-autopilot-segmented"
                role="group"
                aria-label={trans.__('Confusion matrix values')}
              >
                <button
                  type="button"
                  className={
                    'jp-autopilot-segment' +
                    (!normalized ? ' jp-autopilot-mod-active' : '')
                  }
                  aria-pressed={!normalized}
                  onClick={() => setNormalized(false)}
                >
                  {trans.__('Counts')}
                </button>
                <button
                  type="button"
                  className={
                    'jp-autopilot-segment' +
                    (normalized ? ' jp-autopilot-mod-active' : '')
                  }
                  aria-pressed={normalized}
                  onClick={() => setNormalized(true)}
                >
                  {trans.__('Row-normalised')}
                </button>
              </div>
            </div>
            <div className="jp-autopilot-caption">
              {trans.__('Rows: actual class · Columns: predicted class')}
            </div>
            <ServerChart
              figure={cmFigure}
              className="jp-autopilot-confusion-matrix"
              ariaLabel={trans.__('Confusion matrix')}
              override={cmOverride}
            />
          </section>
        ) : null}
        {hasCurves ? (
          <div className="jp-autopilot-perf-curves">
            <div className="jp-autopilot-perf-curves-grid">
              {roc ? (
                <CurveSection
                  // the digits of the chart's legend (service/figures.py roc_curve)
                  title={
                    trans.__('ROC curve') +
                    (rocCurve && typeof rocCurve.auc === 'number'
                      ? ` (AUC ${rocCurve.auc.toFixed(3)})`
                      : '')
                  }
                  label={trans.__('ROC curve')}
                  figure={roc}
                  className="jp-autopilot-roc-chart"
                  override={ROC_OVERRIDE}
                />
              ) : null}
              {pr ? (
                <CurveSection
                  title={trans.__('Precision-recall curve')}
                  label={trans.__('Precision-recall curve')}
                  figure={pr}
                  className="jp-autopilot-pr-chart"
                  override={PR_OVERRIDE}
                />
              ) : null}
            </div>
          </div>
        ) : null}
      </div>
      {figures.actualVsPredicted || figures.residuals ? (
        <div className="jp-autopilot-perf-curves jp-autopilot-regression-plots">
          <div className="jp-autopilot-perf-curves-grid">
            {[
              {
                figure: figures.actualVsPredicted,
                title: trans.__('Actual vs predicted'),
                label: trans.__('Actual vs predicted (out-of-fold)'),
                className: 'jp-autopilot-actual-predicted-chart'
              },
              {
                figure: figures.residuals,
                title: trans.__('Residuals'),
                label: trans.__('Residuals (out-of-fold)'),
                className: 'jp-autopilot-residuals-chart'
              }
            ].map(plot =>
              plot.figure ? (
                <CurveSection
                  key={plot.className}
                  title={plot.title}
                  label={plot.label}
                  figure={plot.figure}
                  className={plot.className}
                  override={REGRESSION_OVERRIDE}
                />
              ) : null
            )}
          </div>
        </div>
      ) : report.available && report.problemType === 'Regression' ? (
        <div className="jp-autopilot-caption">
          {trans.__(
            'No actual-vs-predicted or residual plots: this job’s records hold no row-level predictions (the local runner keeps its out-of-fold predictions; Autopilot’s reports do not).'
          )}
        </div>
      ) : null}
      {data.operatingPoints.length ? (
        <ThresholdExplorer
          // new points (a refresh found exact ones): the slider starts again
          key={`${data.operatingPoints.length}:${data.operatingPointsNote ?? ''}`}
          points={data.operatingPoints}
          note={data.operatingPointsNote}
          labels={report.confusionMatrix?.labels}
          decision={data.decisionThreshold}
        />
      ) : null}
    </div>
  );
}
