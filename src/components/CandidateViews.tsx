/**
 * Model details: Explainability, Performance, Artifacts and Network views,
 * and the tabbed candidate view that loads each of them on first display.
 *
 * (Over 1,300 lines for now: four views, their tables and loaders; the
 * foundation issue splits it into components/candidate/ with one view per
 * file.)
 */
import * as React from 'react';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  AutopilotApiError,
  AutopilotClient,
  IArtifact,
  IArtifacts,
  ICandidate,
  IExplainability,
  IMetric,
  INetwork,
  IPerformance,
  IPlotlyFigure,
  PlotlyObject,
  ReportKind
} from '../api';
import { formatNumber, formatValue, humanize } from '../format';
import { CLARIFY_DOCS_URL } from '../s3';
import {
  confusionMatrixFigure,
  sanitizeFigure,
  shapBarFigure,
  untitled
} from '../plotly';
import {
  AsyncView,
  Empty,
  Notice,
  RefreshFailed,
  StatusBadge,
  TabBar,
  TabPanel,
  defaultTrans,
  downloadBlob,
  errorMessage,
  useAsync
} from './common';
import { PlotlyChart } from './PlotlyChart';
import { ConsoleLinksContext, S3Uri } from './JobView';

/* ------------------------------------------------------------------ */
/* Reports                                                              */

export type ReportDownloader = (kind: ReportKind) => Promise<Blob>;

const REPORT_FILES: Record<ReportKind, string> = {
  explainabilityPdf: 'explainability-report.pdf',
  performancePdf: 'model-performance-report.pdf',
  performanceJson: 'model-performance-report.json'
};

function ReportButton(props: {
  kind: ReportKind;
  label: string;
  download: ReportDownloader;
  filenamePrefix: string;
  trans: TranslationBundle;
  /** false when the server found no such file under the candidate's artifact prefix */
  exists?: boolean;
}) {
  const { trans } = props;
  const [busy, setBusy] = React.useState(false);
  const [unavailable, setUnavailable] = React.useState<string | null>(
    props.exists === false
      ? trans.__('No such file was written for this candidate.')
      : null
  );
  const [error, setError] = React.useState<string | null>(null);
  return (
    <span className="jp-autopilot-report">
      <button
        type="button"
        className="jp-autopilot-button"
        disabled={busy || unavailable !== null}
        title={unavailable ?? props.label}
        onClick={() => {
          setBusy(true);
          setError(null);
          props.download(props.kind).then(
            blob => {
              setBusy(false);
              downloadBlob(
                blob,
                `${props.filenamePrefix}-${REPORT_FILES[props.kind]}`
              );
            },
            e => {
              setBusy(false);
              if (e instanceof AutopilotApiError && e.status === 404) {
                setUnavailable(e.message);
              } else {
                setError(errorMessage(e, trans));
              }
            }
          );
        }}
      >
        {busy ? trans.__('Downloading…') : props.label}
      </button>
      {unavailable ? (
        <span className="jp-autopilot-muted jp-autopilot-report-reason">
          {unavailable}
        </span>
      ) : null}
      {error ? (
        <span className="jp-autopilot-inline-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/* ------------------------------------------------------------------ */
/* Metrics                                                              */

/**
 * A name that may wrap after its separators (`f1_best_constant_classifier`) rather than
 * anywhere: <wbr> elements between the parts, the text itself unchanged.
 */
export function Breakable(props: { text: string }) {
  const parts = String(props.text).split(/(?<=[_./-])/);
  return (
    <>
      {parts.map((p, i) => (
        <React.Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {p}
        </React.Fragment>
      ))}
    </>
  );
}

const SETS = ['Train', 'Validation', 'Test'];

/** Candidate metrics as a table: one row per metric, one column per set. */
export function CandidateMetricsTable(props: {
  metrics: IMetric[];
  trans?: TranslationBundle;
}) {
  const trans = props.trans ?? defaultTrans;
  const names: string[] = [];
  const sets: string[] = [];
  const values = new Map<string, number | null>();
  for (const m of props.metrics || []) {
    const set = m.set || 'Validation';
    if (names.indexOf(m.name) < 0) {
      names.push(m.name);
    }
    if (sets.indexOf(set) < 0) {
      sets.push(set);
    }
    values.set(`${m.name}\u0000${set}`, m.value);
  }
  sets.sort((a, b) => {
    const ia = SETS.indexOf(a);
    const ib = SETS.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  if (names.length === 0) {
    return <Empty>{trans.__('No candidate metrics were recorded.')}</Empty>;
  }
  return (
    <table className="jp-autopilot-table jp-autopilot-metrics-table">
      <thead>
        <tr>
          <th>{trans.__('Metric')}</th>
          {sets.map(s => (
            <th key={s} className="jp-autopilot-num">
              {s}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {names.map(n => (
          <tr key={n}>
            <td>
              <Breakable text={n} />
            </td>
            {sets.map(s => (
              <td key={s} className="jp-autopilot-num">
                {formatNumber(values.get(`${n}\u0000${s}`) ?? null)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/* ------------------------------------------------------------------ */
/* Explainability                                                       */

export function HyperparametersTable(props: {
  hyperparameters: Record<string, unknown>;
  from?: string | null;
  trans?: TranslationBundle;
}) {
  const trans = props.trans ?? defaultTrans;
  const entries = Object.entries(props.hyperparameters || {}).sort(([a], [b]) =>
    a.localeCompare(b)
  );
  return (
    <section className="jp-autopilot-section">
      <h3 className="jp-autopilot-h3">{trans.__('Hyperparameters')}</h3>
      {props.from ? (
        <div className="jp-autopilot-caption">
          {trans.__('From training job %1', props.from)}
        </div>
      ) : null}
      {entries.length === 0 ? (
        <Empty>
          {trans.__('No hyperparameters were recorded for this candidate.')}
        </Empty>
      ) : (
        <table className="jp-autopilot-table jp-autopilot-hyperparameters">
          <thead>
            <tr>
              <th>{trans.__('Name')}</th>
              <th>{trans.__('Value')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k}>
                <td>{k}</td>
                <td className="jp-autopilot-mono">{formatValue(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export interface IExplainabilityViewProps {
  data: IExplainability;
  topFeatures?: number;
  candidateMetrics?: IMetric[] | null;
  downloadReport?: ReportDownloader;
  filenamePrefix?: string;
  trans?: TranslationBundle;
}

export function ExplainabilityView(props: IExplainabilityViewProps) {
  const trans = props.trans ?? defaultTrans;
  const { data } = props;
  const top =
    props.topFeatures && props.topFeatures > 0 ? props.topFeatures : 20;
  const labels = data.labels || [];
  const [labelIndex, setLabelIndex] = React.useState(0);
  const [showAll, setShowAll] = React.useState(false);
  const label = labels[Math.min(labelIndex, Math.max(0, labels.length - 1))];
  const features = React.useMemo(
    () => (label ? label.features || [] : []),
    [label]
  );
  const figure = React.useMemo(
    () => shapBarFigure(features, showAll ? null : top, data.figure),
    [features, showAll, top, data.figure]
  );
  const hasChart = data.available && features.length > 0;
  return (
    <div className="jp-autopilot-explainability">
      <section className="jp-autopilot-section">
        <div className="jp-autopilot-section-head">
          <h3 className="jp-autopilot-h3">
            {trans.__('Feature importance (aggregated SHAP values)')}
          </h3>
          <span className="jp-autopilot-spacer" />
          {props.downloadReport && data.available ? (
            <ReportButton
              kind="explainabilityPdf"
              label={trans.__('Download report (PDF)')}
              download={props.downloadReport}
              filenamePrefix={props.filenamePrefix || 'candidate'}
              trans={trans}
              exists={data.reports?.explainabilityPdf}
            />
          ) : null}
        </div>
        {!data.available ? (
          <Notice
            title={trans.__(
              'Explainability is not available for this candidate'
            )}
          >
            {data.reason ||
              trans.__(
                'Autopilot computes explainability only for the best candidate.'
              )}
          </Notice>
        ) : features.length === 0 ? (
          <Notice
            title={trans.__('The explainability report lists no features.')}
          />
        ) : null}
        {hasChart ? (
          <>
            <div className="jp-autopilot-toolbar">
              {labels.length > 1 ? (
                <label className="jp-autopilot-field">
                  <span>{trans.__('Label')}</span>
                  <select
                    className="jp-autopilot-select jp-autopilot-label-select"
                    value={labelIndex}
                    onChange={e => setLabelIndex(Number(e.target.value))}
                  >
                    {labels.map((l, i) => (
                      <option key={i} value={i}>
                        {l.label === null ||
                        l.label === undefined ||
                        l.label === ''
                          ? trans.__('(all)')
                          : String(l.label)}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              {features.length > top ? (
                <button
                  type="button"
                  className="jp-autopilot-button jp-autopilot-show-all"
                  aria-pressed={showAll}
                  onClick={() => setShowAll(s => !s)}
                >
                  {showAll
                    ? trans.__('Show top %1', top)
                    : trans.__('Show all %1 features', features.length)}
                </button>
              ) : null}
              <span className="jp-autopilot-muted">
                {showAll || features.length <= top
                  ? trans._n('%1 feature', '%1 features', features.length)
                  : trans.__('Top %1 of %2 features', top, features.length)}
              </span>
              {label && typeof label.expectedValue === 'number' ? (
                <span className="jp-autopilot-muted">
                  {trans.__(
                    'Expected value: %1',
                    formatNumber(label.expectedValue)
                  )}
                </span>
              ) : null}
            </div>
            <PlotlyChart
              data={figure.data}
              layout={figure.layout}
              className="jp-autopilot-shap-chart"
              ariaLabel={trans.__('Aggregated SHAP values by feature')}
              trans={trans}
            />
          </>
        ) : null}
      </section>
      <HyperparametersTable
        hyperparameters={data.hyperparameters}
        from={data.hyperparametersFrom}
        trans={trans}
      />
      {props.candidateMetrics ? (
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Candidate metrics')}</h3>
          <CandidateMetricsTable
            metrics={props.candidateMetrics}
            trans={trans}
          />
        </section>
      ) : null}
      <p className="jp-autopilot-docs-link">
        {trans.__('How SHAP values explain predictions: ')}
        <a href={CLARIFY_DOCS_URL} target="_blank" rel="noopener noreferrer">
          {trans.__('Amazon SageMaker Clarify model explainability')}
        </a>
      </p>
    </div>
  );
}

/* ------------------------------------------------------------------ */
/* Performance                                                          */

function ServerFigure(props: {
  figure: IPlotlyFigure;
  className: string;
  label: string;
  trans: TranslationBundle;
  /** Layout settings that win over the server's (size and legend in the grid). */
  override?: PlotlyObject;
}) {
  const fig = React.useMemo(() => sanitizeFigure(props.figure), [props.figure]);
  const layout = React.useMemo(
    () => ({ height: 360, ...untitled(fig.layout), ...(props.override || {}) }),
    [fig, props.override]
  );
  return (
    <PlotlyChart
      data={fig.data}
      layout={layout}
      className={props.className}
      ariaLabel={props.label}
      trans={props.trans}
    />
  );
}

/** The points of a curve, whatever the server names them. */
export function curvePoints(
  curve: PlotlyObject | null | undefined,
  kind: 'roc' | 'pr'
): { x: number[]; y: number[] } | null {
  if (!curve) {
    return null;
  }
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      if (Array.isArray(curve[k])) {
        return curve[k] as number[];
      }
    }
    return null;
  };
  const x =
    kind === 'roc'
      ? pick('x', 'falsePositiveRates', 'fpr')
      : pick('x', 'recalls', 'recall');
  const y =
    kind === 'roc'
      ? pick('y', 'truePositiveRates', 'tpr')
      : pick('y', 'precisions', 'precision');
  return x && y ? { x, y } : null;
}

function curveFigure(
  curve: { x: number[]; y: number[] },
  xTitle: string,
  yTitle: string,
  diagonal: boolean
) {
  const data: PlotlyObject[] = [
    { type: 'scatter', mode: 'lines', x: curve.x, y: curve.y, name: yTitle }
  ];
  if (diagonal) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      x: [0, 1],
      y: [0, 1],
      line: { dash: 'dash', color: 'gray' },
      showlegend: false,
      hoverinfo: 'skip'
    });
  }
  return {
    data,
    layout: {
      height: 360,
      margin: { l: 60, r: 20, t: 20, b: 50 },
      xaxis: { title: { text: xTitle }, range: [0, 1] },
      yaxis: { title: { text: yTitle }, range: [0, 1.02] },
      showlegend: false
    }
  };
}

const KNOWN_FIGURES = [
  'confusionMatrix',
  'confusionMatrixNormalized',
  'roc',
  'precisionRecall'
];

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

export interface IPerformanceViewProps {
  data: IPerformance;
  downloadReport?: ReportDownloader;
  filenamePrefix?: string;
  trans?: TranslationBundle;
}

export function PerformanceView(props: IPerformanceViewProps) {
  const trans = props.trans ?? defaultTrans;
  const { data } = props;
  const report = data.report || { available: false, metrics: [] };
  const [normalized, setNormalized] = React.useState(false);
  const cm = report.confusionMatrix;
  const figures = data.figures || {};
  const serverCm = normalized
    ? figures['confusionMatrixNormalized']
    : figures['confusionMatrix'];
  const cmFigure = React.useMemo(() => {
    let fig: { data: PlotlyObject[]; layout: PlotlyObject } | null = null;
    if (serverCm && serverCm.data && serverCm.data.length) {
      const f = sanitizeFigure(serverCm);
      fig = { data: f.data, layout: { height: 400, ...untitled(f.layout) } };
    } else if (cm && cm.labels && cm.matrix && cm.matrix.length) {
      fig = confusionMatrixFigure(cm, normalized, {
        actual: trans.__('Actual'),
        predicted: trans.__('Predicted')
      });
    }
    // a little shorter than the figure asks, so that the curves fit under it in view
    return fig
      ? {
          ...fig,
          layout: { ...fig.layout, height: cmHeight(fig.layout.height) }
        }
      : null;
  }, [serverCm, cm, normalized, trans]);
  const roc = figures['roc'];
  const pr = figures['precisionRecall'];
  const rocCurve = report.curves && report.curves.roc;
  const prCurve = report.curves && report.curves.precisionRecall;
  const otherFigures = Object.entries(figures).filter(
    ([k, f]) => KNOWN_FIGURES.indexOf(k) < 0 && f && typeof f === 'object'
  ) as Array<[string, IPlotlyFigure]>;
  const rocFig = React.useMemo(() => {
    const pts = roc ? null : curvePoints(rocCurve, 'roc');
    const fig = pts
      ? curveFigure(
          pts,
          trans.__('False positive rate'),
          trans.__('True positive rate'),
          true
        )
      : null;
    return fig
      ? { ...fig, layout: { ...fig.layout, height: CURVE_HEIGHT } }
      : null;
  }, [roc, rocCurve, trans]);
  const prFig = React.useMemo(() => {
    const pts = pr ? null : curvePoints(prCurve, 'pr');
    const fig = pts
      ? curveFigure(pts, trans.__('Recall'), trans.__('Precision'), false)
      : null;
    return fig
      ? { ...fig, layout: { ...fig.layout, height: CURVE_HEIGHT } }
      : null;
  }, [pr, prCurve, trans]);

  const hasCurves = !!(roc || rocFig || pr || prFig);
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
                    trans={trans}
                    exists={data.reports?.performancePdf}
                  />
                  <ReportButton
                    kind="performanceJson"
                    label={trans.__('Download statistics (JSON)')}
                    download={props.downloadReport}
                    filenamePrefix={props.filenamePrefix || 'candidate'}
                    trans={trans}
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
                      : ''
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </div>
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
            <CandidateMetricsTable
              metrics={data.candidateMetrics || []}
              trans={trans}
            />
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
            <PlotlyChart
              data={cmFigure.data}
              layout={cmFigure.layout}
              className="jp-autopilot-confusion-matrix"
              ariaLabel={trans.__('Confusion matrix')}
              trans={trans}
            />
          </section>
        ) : null}
        {hasCurves ? (
          <div className="jp-autopilot-perf-curves">
            <div className="jp-autopilot-perf-curves-grid">
              {roc || rocFig ? (
                <section className="jp-autopilot-section jp-autopilot-perf-curve">
                  <h3 className="jp-autopilot-h3">
                    {trans.__('ROC curve')}
                    {rocCurve && typeof rocCurve.auc === 'number'
                      ? ` (AUC ${formatNumber(rocCurve.auc)})`
                      : ''}
                  </h3>
                  {roc ? (
                    <ServerFigure
                      figure={roc}
                      className="jp-autopilot-roc-chart"
                      label={trans.__('ROC curve')}
                      trans={trans}
                      override={ROC_OVERRIDE}
                    />
                  ) : (
                    <PlotlyChart
                      data={rocFig!.data}
                      layout={rocFig!.layout}
                      className="jp-autopilot-roc-chart"
                      ariaLabel={trans.__('ROC curve')}
                      trans={trans}
                    />
                  )}
                </section>
              ) : null}
              {pr || prFig ? (
                <section className="jp-autopilot-section jp-autopilot-perf-curve">
                  <h3 className="jp-autopilot-h3">
                    {trans.__('Precision-recall curve')}
                  </h3>
                  {pr ? (
                    <ServerFigure
                      figure={pr}
                      className="jp-autopilot-pr-chart"
                      label={trans.__('Precision-recall curve')}
                      trans={trans}
                      override={PR_OVERRIDE}
                    />
                  ) : (
                    <PlotlyChart
                      data={prFig!.data}
                      layout={prFig!.layout}
                      className="jp-autopilot-pr-chart"
                      ariaLabel={trans.__('Precision-recall curve')}
                      trans={trans}
                    />
                  )}
                </section>
              ) : null}
            </div>
          </div>
        ) : null}
      </div>
      {otherFigures.map(([key, fig]) => (
        <section className="jp-autopilot-section" key={key}>
          <h3 className="jp-autopilot-h3">{humanize(key)}</h3>
          <ServerFigure
            figure={fig}
            className="jp-autopilot-figure"
            label={humanize(key)}
            trans={trans}
          />
        </section>
      ))}
    </div>
  );
}

/* ------------------------------------------------------------------ */
/* Artifacts                                                            */

function ArtifactSection(props: {
  title: string;
  items: IArtifact[];
  trans: TranslationBundle;
}) {
  const { trans } = props;
  return (
    <section className="jp-autopilot-section">
      <h3 className="jp-autopilot-h3">{props.title}</h3>
      {props.items && props.items.length ? (
        <table className="jp-autopilot-table jp-autopilot-artifacts-table">
          <thead>
            <tr>
              <th>{trans.__('Name')}</th>
              <th>{trans.__('Kind')}</th>
              <th>{trans.__('Location')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((a, i) => (
              <tr key={`${a.name}-${i}`}>
                <td>{a.name}</td>
                <td>{a.kind ? humanize(a.kind) : '—'}</td>
                <td>
                  <S3Uri uri={a.uri} trans={trans} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>{trans.__('None recorded.')}</Empty>
      )}
    </section>
  );
}

export function ArtifactsView(props: {
  data: IArtifacts;
  trans?: TranslationBundle;
}) {
  const trans = props.trans ?? defaultTrans;
  return (
    <ConsoleLinksContext.Provider value={props.data.onAws !== false}>
      <div className="jp-autopilot-artifacts">
        <ArtifactSection
          title={trans.__('Inputs')}
          items={props.data.inputs || []}
          trans={trans}
        />
        <ArtifactSection
          title={trans.__('Outputs')}
          items={props.data.outputs || []}
          trans={trans}
        />
        <ArtifactSection
          title={trans.__('Intermediate results')}
          items={props.data.intermediate || []}
          trans={trans}
        />
      </div>
    </ConsoleLinksContext.Provider>
  );
}

/* ------------------------------------------------------------------ */
/* Network                                                              */

type OnOff = 'on' | 'off' | 'unset';

function Toggle(props: {
  state: OnOff;
  on: string;
  off: string;
  unset: string;
}) {
  const text =
    props.state === 'on'
      ? props.on
      : props.state === 'off'
        ? props.off
        : props.unset;
  return (
    <span className={`jp-autopilot-onoff jp-autopilot-onoff-${props.state}`}>
      {text}
    </span>
  );
}

function boolState(v: boolean | null | undefined): OnOff {
  return v === true ? 'on' : v === false ? 'off' : 'unset';
}

/** The explanation of a setting in its state: what "on" guarantees, what "off" means. */
function stateHint(
  state: OnOff,
  hints: { on: string; off: string; unset: string }
): string {
  return state === 'on' ? hints.on : state === 'off' ? hints.off : hints.unset;
}

/** Where the network view's values come from, as a sentence. */
export function networkSource(
  d: INetwork,
  trans: TranslationBundle = defaultTrans
): string | null {
  const from = d['from'];
  if (from === 'trainingJob') {
    return typeof d['trainingJob'] === 'string' && d['trainingJob']
      ? trans.__(
          "Values from the candidate's training job %1.",
          d['trainingJob'] as string
        )
      : trans.__("Values from the candidate's training job.");
  }
  if (from === 'jobSecurityConfig') {
    return trans.__(
      "Values from the AutoML job's security configuration (SecurityConfig): the candidate's training job record was not available. That configuration has no network isolation setting."
    );
  }
  return null;
}

export function NetworkView(props: {
  data: INetwork;
  trans?: TranslationBundle;
}) {
  const trans = props.trans ?? defaultTrans;
  const d = props.data;
  const enabled = trans.__('Enabled');
  const disabled = trans.__('Disabled');
  const notSet = trans.__('Not set');
  const fromJobConfig = d['from'] === 'jobSecurityConfig';
  const notRecorded = trans.__('Not recorded for this job.');
  const subnets = (d.vpc && d.vpc.subnets) || [];
  const groups = (d.vpc && d.vpc.securityGroupIds) || [];
  const list = (items: string[]) =>
    items.length ? (
      <ul className="jp-autopilot-plain-list jp-autopilot-mono">
        {items.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
    ) : (
      <span className="jp-autopilot-muted">{trans.__('None')}</span>
    );
  const isolation = boolState(d.networkIsolation);
  const encryption = boolState(d.interContainerTrafficEncryption);
  // vpc: an object = configured; null = known not configured; absent = not recorded
  const vpc: OnOff = d.vpc ? 'on' : d.vpc === null ? 'off' : 'unset';
  const volumeKey: OnOff = d.volumeKmsKeyId
    ? 'on'
    : d.volumeKmsKeyId === undefined
      ? 'unset'
      : 'off';
  const outputKey: OnOff = d.outputKmsKeyId
    ? 'on'
    : d.outputKmsKeyId === undefined
      ? 'unset'
      : 'off';
  const rows: Array<[string, React.ReactNode, React.ReactNode]> = [
    [
      trans.__('Network isolation'),
      <Toggle state={isolation} on={enabled} off={disabled} unset={notSet} />,
      stateHint(isolation, {
        on: trans.__(
          'The containers cannot make outbound network calls, not even to other AWS services.'
        ),
        off: trans.__(
          'The containers may make outbound network calls (to AWS services and, as the network allows, the internet).'
        ),
        unset: fromJobConfig
          ? trans.__(
              "Not recorded for this job: the AutoML job's security configuration has no such setting."
            )
          : notRecorded
      })
    ],
    [
      trans.__('Inter-container traffic encryption'),
      <Toggle state={encryption} on={enabled} off={disabled} unset={notSet} />,
      stateHint(encryption, {
        on: trans.__('Traffic between the training containers is encrypted.'),
        off: trans.__(
          'Traffic between the training containers is not encrypted.'
        ),
        unset: notRecorded
      })
    ],
    [
      trans.__('VPC'),
      <Toggle
        state={vpc}
        on={trans.__('Configured')}
        off={trans.__('Not configured')}
        unset={notSet}
      />,
      stateHint(vpc, {
        on: trans.__(
          'The jobs ran in your VPC, in the subnets and security groups below.'
        ),
        off: trans.__(
          'The jobs ran outside a customer VPC, in a network managed by SageMaker.'
        ),
        unset: notRecorded
      })
    ]
  ];
  const keyRow = (
    label: string,
    state: OnOff,
    key: string | null | undefined,
    onHint: string
  ) => (
    <tr>
      <th scope="row">{label}</th>
      <td>
        {/* no customer key is the default, not a warning: grey, as "not recorded" */}
        <Toggle
          state={state === 'on' ? 'on' : 'unset'}
          on={trans.__('Set')}
          off={notSet}
          unset={notSet}
        />
      </td>
      <td>
        {state === 'on' ? (
          <>
            <div className="jp-autopilot-mono jp-autopilot-kms-key">{key}</div>
            <div className="jp-autopilot-muted">{onHint}</div>
          </>
        ) : (
          <span className="jp-autopilot-muted">
            {state === 'off'
              ? trans.__(
                  'No customer managed key: encrypted with the AWS managed key (default).'
                )
              : notRecorded}
          </span>
        )}
      </td>
    </tr>
  );
  const source = networkSource(d, trans);
  return (
    <div className="jp-autopilot-network">
      <section className="jp-autopilot-section">
        <h3 className="jp-autopilot-h3">
          {trans.__('Network and encryption')}
        </h3>
        {source ? (
          <div className="jp-autopilot-caption jp-autopilot-network-source">
            {source}
          </div>
        ) : null}
        <table className="jp-autopilot-table jp-autopilot-network-table">
          <tbody>
            {rows.map(([label, value, hint], i) => (
              <tr key={i}>
                <th scope="row">{label}</th>
                <td>{value}</td>
                <td className="jp-autopilot-muted jp-autopilot-network-hint">
                  {hint}
                </td>
              </tr>
            ))}
            {d.vpc ? (
              <>
                <tr>
                  <th scope="row">{trans.__('VPC subnets')}</th>
                  <td colSpan={2}>{list(subnets)}</td>
                </tr>
                <tr>
                  <th scope="row">{trans.__('Security groups')}</th>
                  <td colSpan={2}>{list(groups)}</td>
                </tr>
              </>
            ) : null}
            {keyRow(
              trans.__('Volume KMS key'),
              volumeKey,
              d.volumeKmsKeyId,
              trans.__(
                'The storage volumes of the training instances are encrypted with this key.'
              )
            )}
            {keyRow(
              trans.__('Output KMS key'),
              outputKey,
              d.outputKmsKeyId,
              trans.__(
                'The model artifacts and outputs written to S3 are encrypted with this key.'
              )
            )}
          </tbody>
        </table>
      </section>
    </div>
  );
}

/* ------------------------------------------------------------------ */
/* The tabbed candidate view                                            */

export type CandidateTab =
  'explainability' | 'performance' | 'artifacts' | 'network';

export interface ICandidateLoaders {
  explainability: () => Promise<IExplainability>;
  performance: () => Promise<IPerformance>;
  artifacts: () => Promise<IArtifacts>;
  network: () => Promise<INetwork>;
  /** The candidate's record (header, candidate metrics); optional. */
  candidate?: () => Promise<ICandidate | null>;
  report?: ReportDownloader;
}

function Lazy<T>(props: {
  load: () => Promise<T>;
  trans: TranslationBundle;
  children: (data: T) => React.ReactNode;
  label: string;
  /** Bumped to re-fetch silently (the shown data stay; a failure says so). */
  refreshSignal?: number;
}) {
  const data = useAsync<T>(props.load, [props.load]);
  const { refresh } = data;
  const [refreshing, setRefreshing] = React.useState(false);
  const doRefresh = React.useCallback(() => {
    setRefreshing(true);
    void refresh().then(() => setRefreshing(false));
  }, [refresh]);
  // a view first shown after a refresh loads fresh anyway: only later bumps refresh it
  const seenSignal = React.useRef(props.refreshSignal);
  React.useEffect(() => {
    if (props.refreshSignal !== seenSignal.current) {
      seenSignal.current = props.refreshSignal;
      doRefresh();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.refreshSignal]);
  return (
    <>
      {data.refreshError ? (
        <RefreshFailed
          error={data.refreshError}
          onRetry={doRefresh}
          retrying={refreshing}
          trans={props.trans}
        />
      ) : null}
      <AsyncView async={data} trans={props.trans} loadingLabel={props.label}>
        {props.children}
      </AsyncView>
    </>
  );
}

export interface ICandidateContentProps {
  source: string;
  jobName: string;
  candidate: string;
  loaders: ICandidateLoaders;
  topFeatures?: number;
  trans?: TranslationBundle;
  onOpenJob?: () => void;
  /** More header buttons (the model-details tab's Copy Python). */
  headerExtra?: React.ReactNode;
  initialTab?: CandidateTab;
  /** Bumped from outside (refresh command) to re-fetch every shown view silently. */
  refreshSignal?: number;
}

export function CandidateContent(props: ICandidateContentProps) {
  const trans = props.trans ?? defaultTrans;
  const [tab, setTab] = React.useState<CandidateTab>(
    props.initialTab ?? 'explainability'
  );
  const [visited, setVisited] = React.useState<Set<CandidateTab>>(
    () => new Set([tab])
  );
  const [record, setRecord] = React.useState<ICandidate | null>(null);
  const { loaders } = props;

  React.useEffect(() => {
    let cancelled = false;
    if (loaders.candidate) {
      // the header's extras (status, objective value); on a failed refresh the
      // record already shown stays (each view below says when its own refresh fails)
      loaders.candidate().then(
        c => !cancelled && c && setRecord(c),
        () => undefined
      );
    }
    return () => {
      cancelled = true;
    };
  }, [loaders, props.refreshSignal]);

  const change = (id: string) => {
    const t = id as CandidateTab;
    setTab(t);
    setVisited(v => (v.has(t) ? v : new Set([...v, t])));
  };
  const prefix = `jp-autopilot-cand-${props.source}-${props.jobName}-${props.candidate}`;
  const filenamePrefix = `${props.jobName}-${props.candidate}`;
  const tabs: Array<{ id: CandidateTab; label: string }> = [
    { id: 'explainability', label: trans.__('Explainability') },
    { id: 'performance', label: trans.__('Performance') },
    { id: 'artifacts', label: trans.__('Artifacts') },
    { id: 'network', label: trans.__('Network') }
  ];
  const panel = (id: CandidateTab, content: React.ReactNode) =>
    visited.has(id) ? (
      <div
        hidden={tab !== id}
        className="jp-autopilot-tabpanel-wrap jp-autopilot-scroll"
        key={id}
      >
        <TabPanel idPrefix={prefix} id={id}>
          {content}
        </TabPanel>
      </div>
    ) : null;

  return (
    <div className="jp-autopilot-candidate">
      <div className="jp-autopilot-job-header">
        <div className="jp-autopilot-job-title">
          <h2 className="jp-autopilot-h2">{props.candidate}</h2>
          {record && record.isBest ? (
            <span className="jp-autopilot-best-badge">
              {trans.__('Best model')}
            </span>
          ) : null}
          {record ? <StatusBadge status={record.status} /> : null}
          <span className="jp-autopilot-spacer" />
          {props.headerExtra}
          {props.onOpenJob ? (
            <button
              type="button"
              className="jp-autopilot-button"
              onClick={props.onOpenJob}
            >
              {trans.__('Open job %1', props.jobName)}
            </button>
          ) : null}
        </div>
        <div className="jp-autopilot-facts">
          <div className="jp-autopilot-fact">
            <span className="jp-autopilot-fact-label">
              {trans.__('Autopilot job')}
            </span>
            <span className="jp-autopilot-fact-value">{props.jobName}</span>
          </div>
          {record ? (
            <div className="jp-autopilot-fact">
              <span className="jp-autopilot-fact-label">
                {trans.__('Objective value')}
              </span>
              <span className="jp-autopilot-fact-value">
                {formatNumber(record.objectiveValue)}
              </span>
            </div>
          ) : null}
          {record && record.failureReason ? (
            <div className="jp-autopilot-fact">
              <span className="jp-autopilot-fact-label">
                {trans.__('Failure reason')}
              </span>
              <span className="jp-autopilot-fact-value">
                {record.failureReason}
              </span>
            </div>
          ) : null}
        </div>
      </div>
      <TabBar
        tabs={tabs}
        current={tab}
        onChange={change}
        idPrefix={prefix}
        label={trans.__('Model details')}
      />
      <div className="jp-autopilot-tabpanels">
        {panel(
          'explainability',
          <Lazy
            load={loaders.explainability}
            trans={trans}
            refreshSignal={props.refreshSignal}
            label={trans.__('Loading explainability…')}
          >
            {d => (
              <ExplainabilityView
                data={d}
                topFeatures={props.topFeatures}
                candidateMetrics={
                  record && record.metrics && record.metrics.length
                    ? record.metrics
                    : Array.isArray(d.candidateMetrics)
                      ? d.candidateMetrics
                      : null
                }
                downloadReport={loaders.report}
                filenamePrefix={filenamePrefix}
                trans={trans}
              />
            )}
          </Lazy>
        )}
        {panel(
          'performance',
          <Lazy
            load={loaders.performance}
            trans={trans}
            refreshSignal={props.refreshSignal}
            label={trans.__('Loading performance…')}
          >
            {d => (
              <PerformanceView
                data={d}
                downloadReport={loaders.report}
                filenamePrefix={filenamePrefix}
                trans={trans}
              />
            )}
          </Lazy>
        )}
        {panel(
          'artifacts',
          <Lazy
            load={loaders.artifacts}
            trans={trans}
            refreshSignal={props.refreshSignal}
            label={trans.__('Loading artifacts…')}
          >
            {d => <ArtifactsView data={d} trans={trans} />}
          </Lazy>
        )}
        {panel(
          'network',
          <Lazy
            load={loaders.network}
            trans={trans}
            refreshSignal={props.refreshSignal}
            label={trans.__('Loading network settings…')}
          >
            {d => <NetworkView data={d} trans={trans} />}
          </Lazy>
        )}
      </div>
    </div>
  );
}

/** Loaders on the REST API for one candidate. */
export function apiLoaders(
  client: AutopilotClient,
  source: string,
  job: string,
  candidate: string
): ICandidateLoaders {
  return {
    explainability: () => client.explainability(source, job, candidate),
    performance: () => client.performance(source, job, candidate),
    artifacts: () => client.artifacts(source, job, candidate),
    network: () => client.network(source, job, candidate),
    candidate: () => {
      const known = client.knownCandidate(source, job, candidate);
      return known
        ? Promise.resolve(known)
        : client
            .candidates(source, job)
            .then(r => r.candidates.find(c => c.name === candidate) ?? null);
    },
    report: kind => client.report(source, job, candidate, kind)
  };
}
