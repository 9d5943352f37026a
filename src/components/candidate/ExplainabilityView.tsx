/**
 * Explainability: the SHAP bar chart (the server's figure for the label shown) and the hyperparameters.
 */
import * as React from 'react';
import { IExplainability, IMetric } from '../../api';
import { formatNumber, formatValue } from '../../lib/format';
import { CLARIFY_DOCS_URL } from '../../lib/s3';
import { Empty, Notice, errorMessage, useTrans } from '../common/common';
import { usePoll } from '../common/refresh';
import { ServerChart } from '../common/ServerChart';
import { CandidateMetricsTable } from './MetricsTables';
import { PartialDependenceView } from './PartialDependenceView';
import { ReportButton, ReportDownloader } from './ReportButton';

export function HyperparametersTable(props: {
  hyperparameters: Record<string, unknown>;
  from?: string | null;
}) {
  const trans = useTrans();
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

/** How often a candidate whose explanation is being computed is read again, in seconds. */
export const COMPUTING_POLL_SECONDS = 2;

/**
 * A missing explanation: why, and "Compute explanation" when the server can
 * compute it (a finished local job's candidate); while it is being computed,
 * the view is read again until it is there.
 */
function MissingExplanation(props: {
  data: IExplainability;
  compute?: () => Promise<IExplainability>;
  onComputing: (view: IExplainability) => void;
}) {
  const trans = useTrans();
  const { data } = props;
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const start = () => {
    if (!props.compute) {
      return;
    }
    setBusy(true);
    setError(null);
    props.compute().then(
      view => {
        setBusy(false);
        props.onComputing(view);
      },
      e => {
        setBusy(false);
        setError(errorMessage(e, trans));
      }
    );
  };
  if (data.computing) {
    return (
      <Notice title={trans.__('Computing the explanation…')}>
        <span className="jp-autopilot-computing" role="status">
          <span className="jp-autopilot-spinner" aria-hidden="true" />
          {data.reason}
        </span>
      </Notice>
    );
  }
  return (
    <Notice
      title={trans.__('Explainability is not available for this candidate')}
    >
      {data.reason ||
        trans.__(
          'Autopilot computes explainability only for the best candidate.'
        )}
      {data.canCompute && props.compute ? (
        <div className="jp-autopilot-compute">
          <button
            type="button"
            className="jp-autopilot-button jp-autopilot-button-primary jp-autopilot-compute-explanation"
            disabled={busy}
            onClick={start}
          >
            {busy ? trans.__('Starting…') : trans.__('Compute explanation')}
          </button>
          <span className="jp-autopilot-muted">
            {trans.__(
              "From the saved model and the job's copy of its input data, on this machine."
            )}
          </span>
        </div>
      ) : null}
      {error ? (
        <div className="jp-autopilot-compute-error" role="alert">
          {error}
        </div>
      ) : null}
    </Notice>
  );
}

export interface IExplainabilityViewProps {
  data: IExplainability;
  /** Start computing a missing explanation (when the server can). */
  compute?: () => Promise<IExplainability>;
  /** Read the view again (silently): while an explanation is being computed. */
  refresh?: () => Promise<unknown>;
  candidateMetrics?: IMetric[] | null;
  downloadReport?: ReportDownloader;
  filenamePrefix?: string;
}

export function ExplainabilityView(props: IExplainabilityViewProps) {
  const trans = useTrans();
  // the answer of "Compute explanation", until the next read of the view replaces it
  const [started, setStarted] = React.useState<IExplainability | null>(null);
  React.useEffect(() => setStarted(null), [props.data]);
  const data = started ?? props.data;
  usePoll(!!data.computing && !!props.refresh, COMPUTING_POLL_SECONDS, () =>
    props.refresh?.()
  );
  // the server's top-N setting: its figures show the top data.topFeatures features
  const top = data.topFeatures > 0 ? data.topFeatures : Infinity;
  const labels = data.labels || [];
  const [labelIndex, setLabelIndex] = React.useState(0);
  const [showAll, setShowAll] = React.useState(false);
  const label = labels[Math.min(labelIndex, Math.max(0, labels.length - 1))];
  const features = React.useMemo(
    () => (label ? label.features || [] : []),
    [label]
  );
  // (an output saved by an older version has no figures: no chart, the rest shows)
  const charts = (data.figures ?? []).find(f => f.label === label?.label);
  const figure = charts
    ? showAll && charts.all
      ? charts.all
      : charts.top
    : null;
  const hasChart = data.available && features.length > 0 && figure !== null;
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
              exists={data.reports?.explainabilityPdf}
            />
          ) : null}
        </div>
        {!data.available ? (
          <MissingExplanation
            data={data}
            compute={props.compute}
            onComputing={setStarted}
          />
        ) : features.length === 0 ? (
          <Notice
            title={trans.__('The explainability report lists no features.')}
          >
            {data.reason}
          </Notice>
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
            <ServerChart
              figure={figure!}
              className="jp-autopilot-shap-chart"
              ariaLabel={trans.__('Aggregated SHAP values by feature')}
            />
            {data.unitNote ? (
              <p className="jp-autopilot-muted jp-autopilot-shap-unit">
                {data.unitNote}
              </p>
            ) : null}
          </>
        ) : null}
      </section>
      {data.available ? (
        <PartialDependenceView
          entries={data.partialDependence ?? []}
          note={data.partialDependenceNote}
        />
      ) : null}
      <HyperparametersTable
        hyperparameters={data.hyperparameters}
        from={data.hyperparametersFrom}
      />
      {props.candidateMetrics ? (
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Candidate metrics')}</h3>
          {data.metricsComputedOn ? (
            <div className="jp-autopilot-caption jp-autopilot-computed-on">
              {data.metricsComputedOn}
            </div>
          ) : null}
          <CandidateMetricsTable metrics={props.candidateMetrics} />
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
