/**
 * Candidates side by side (the Compare tab): their metrics with the best of
 * each marked and the others' difference to it, the hyperparameters that
 * differ (the shared ones folded), their confusion matrices (or
 * actual-vs-predicted plots) side by side, and their SHAP on one feature order.
 */
import * as React from 'react';
import { AutopilotClient, IComparison } from '../../api';
import { formatDecimal } from '../../lib/format';
import { AsyncView, Empty, useAsync, useTrans } from '../common/common';
import { ServerChart } from '../common/ServerChart';

/** The signed difference of a value to the best one, as shown under it. */
export function differenceText(
  value: number | null | undefined,
  best: number | null | undefined
): string {
  if (
    value === null ||
    value === undefined ||
    best === null ||
    best === undefined
  ) {
    return '';
  }
  const d = value - best;
  if (d === 0) {
    return '±0';
  }
  return (d > 0 ? '+' : '−') + formatDecimal(Math.abs(d));
}

export function CompareContent(props: {
  data: IComparison;
  onOpenCandidate?: (candidate: string) => void;
}) {
  const trans = useTrans();
  const { data } = props;
  const objective = data.objective.metric;
  // the objective first, then the validation metrics, then the others (as the server orders them)
  const metrics = [...data.metrics].sort(
    (a, b) =>
      Number(b.name === objective && b.set === 'Validation') -
      Number(a.name === objective && a.set === 'Validation')
  );
  const differing = data.hyperparameters.filter(h => h.differs);
  const shared = data.hyperparameters.filter(h => !h.differs);
  const header = (
    <tr>
      <th scope="col">{trans.__('Metric')}</th>
      {data.candidates.map(name => (
        <th scope="col" key={name} className="jp-autopilot-compare-candidate">
          {props.onOpenCandidate ? (
            <button
              type="button"
              className="jp-autopilot-link-button"
              title={trans.__('Open %1 in model details', name)}
              onClick={() => props.onOpenCandidate?.(name)}
            >
              {name}
            </button>
          ) : (
            name
          )}
        </th>
      ))}
    </tr>
  );
  return (
    <div className="jp-autopilot-compare">
      <section className="jp-autopilot-section">
        <h3 className="jp-autopilot-h3">{trans.__('Metrics')}</h3>
        {metrics.length ? (
          <table className="jp-autopilot-table jp-autopilot-compare-metrics">
            <thead>{header}</thead>
            <tbody>
              {metrics.map(m => {
                const best = m.best === null ? null : m.values[m.best];
                return (
                  <tr key={`${m.set}-${m.name}`}>
                    <th scope="row">
                      {m.name}
                      <span className="jp-autopilot-muted">
                        {' '}
                        [{m.set}]
                        {m.name === objective && m.set === 'Validation'
                          ? ` · ${trans.__('objective')}`
                          : ''}
                      </span>
                    </th>
                    {m.values.map((v, i) => (
                      <td
                        key={data.candidates[i]}
                        className={
                          'jp-autopilot-num' +
                          (i === m.best ? ' jp-autopilot-compare-best' : '')
                        }
                      >
                        {formatDecimal(v)}
                        {i === m.best ? (
                          <span className="jp-autopilot-compare-mark">
                            {' '}
                            {trans.__('best')}
                          </span>
                        ) : m.best !== null && v !== null ? (
                          <span className="jp-autopilot-compare-diff">
                            {' '}
                            {differenceText(v, best)}
                          </span>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <Empty>
            {trans.__('These candidates have no metrics recorded.')}
          </Empty>
        )}
      </section>
      <section className="jp-autopilot-section">
        <h3 className="jp-autopilot-h3">{trans.__('Hyperparameters')}</h3>
        {differing.length ? (
          <table className="jp-autopilot-table jp-autopilot-compare-params">
            <thead>
              <tr>
                <th scope="col">{trans.__('Name')}</th>
                {data.candidates.map(name => (
                  <th scope="col" key={name}>
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {differing.map(h => (
                <tr key={h.name}>
                  <th scope="row">{h.name}</th>
                  {h.values.map((v, i) => (
                    <td key={data.candidates[i]}>
                      <code>{v ?? '—'}</code>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>{trans.__('No hyperparameter differs.')}</Empty>
        )}
        {shared.length ? (
          <details className="jp-autopilot-compare-shared">
            <summary>
              {trans._n(
                '%1 hyperparameter is the same for all',
                '%1 hyperparameters are the same for all',
                shared.length
              )}
            </summary>
            <table className="jp-autopilot-table">
              <tbody>
                {shared.map(h => (
                  <tr key={h.name}>
                    <th scope="row">{h.name}</th>
                    <td>
                      <code>{h.values[0] ?? '—'}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ) : null}
        {data.notes.map(note => (
          <div key={note} className="jp-autopilot-muted">
            {note}
          </div>
        ))}
      </section>
      <ComparedPerformanceSection data={data} />
      <section className="jp-autopilot-section">
        <h3 className="jp-autopilot-h3">
          {trans.__('SHAP across these candidates')}
        </h3>
        <p className="jp-autopilot-muted">
          {trans.__(
            "Each candidate's mean |SHAP| of a feature as its share of the candidate's total: candidates whose SHAP values are in different units compare."
          )}
        </p>
        {data.shap ? (
          <ServerChart
            figure={data.shap}
            className="jp-autopilot-compare-shap"
            ariaLabel={trans.__('SHAP shares of the compared candidates')}
          />
        ) : (
          <Empty>
            {trans.__('None of these candidates has explainability output.')}
          </Empty>
        )}
        {data.shapNote ? (
          <div className="jp-autopilot-muted">{data.shapNote}</div>
        ) : null}
      </section>
    </div>
  );
}

/** Each candidate's confusion matrix (or actual-vs-predicted plot) beside the others'. */
function ComparedPerformanceSection(props: { data: IComparison }) {
  const trans = useTrans();
  const panels = props.data.performance ?? [];
  if (panels.length === 0) {
    return null;
  }
  const regression = panels.some(
    p => p.figure && p.figure.data?.[0]?.type === 'scatter'
  );
  return (
    <section className="jp-autopilot-section">
      <h3 className="jp-autopilot-h3">
        {regression
          ? trans.__('Actual vs predicted')
          : trans.__('Confusion matrices')}
      </h3>
      <div className="jp-autopilot-compare-performance">
        {panels.map(panel => (
          <figure
            key={panel.candidate}
            className="jp-autopilot-compare-performance-item"
          >
            <figcaption className="jp-autopilot-compare-performance-name">
              {panel.candidate}
            </figcaption>
            {panel.figure ? (
              <>
                <ServerChart
                  figure={panel.figure}
                  className="jp-autopilot-compare-performance-chart"
                  ariaLabel={
                    regression
                      ? trans.__('Actual vs predicted of %1', panel.candidate)
                      : trans.__('Confusion matrix of %1', panel.candidate)
                  }
                  override={COMPARED_CHART}
                />
                {panel.computedOn ? (
                  <div className="jp-autopilot-caption">{panel.computedOn}</div>
                ) : null}
              </>
            ) : (
              <Empty>{panel.reason}</Empty>
            )}
          </figure>
        ))}
      </div>
    </section>
  );
}

/** A compared chart's size: several fit in a row. */
const COMPARED_CHART = { height: 300, autosize: true };

export function CompareView(props: {
  client: AutopilotClient;
  source: string;
  job: string;
  candidates: string[];
  onOpenCandidate?: (candidate: string) => void;
}) {
  const trans = useTrans();
  const { client, source, job, candidates } = props;
  const key = candidates.join(',');
  const data = useAsync(
    () => client.compare(source, job, candidates),
    [client, source, job, key]
  );
  return (
    <div className="jp-autopilot-compare-panel">
      <div className="jp-autopilot-job-header">
        <h2 className="jp-autopilot-h2">
          {trans.__('Compare %1 candidates', candidates.length)}
        </h2>
        <span className="jp-autopilot-muted">
          {trans.__('AutoML job %1', job)}
        </span>
      </div>
      <AsyncView async={data} loadingLabel={trans.__('Comparing…')}>
        {d => (
          <CompareContent data={d} onOpenCandidate={props.onOpenCandidate} />
        )}
      </AsyncView>
    </div>
  );
}
