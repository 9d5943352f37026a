/**
 * Partial dependence (Clarify's explanations.pdp): the model's mean prediction
 * at each value of one feature, a line (or bar group) per label, and the data
 * distribution under it when the file has one; a picker chooses the feature.
 * The figures are the server's.
 */
import * as React from 'react';
import { IPartialDependence } from '../../api';
import { useTrans } from '../common/common';
import { ServerChart } from '../common/ServerChart';

export function PartialDependenceView(props: {
  entries: IPartialDependence[];
  note?: string | null;
}) {
  const trans = useTrans();
  const { entries } = props;
  const [index, setIndex] = React.useState(0);
  if (entries.length === 0 && !props.note) {
    return null;
  }
  const entry = entries[Math.min(index, Math.max(0, entries.length - 1))];
  const labels = entry ? entry.labels.length : 0;
  return (
    <section className="jp-autopilot-section jp-autopilot-pdp">
      <h3 className="jp-autopilot-h3">{trans.__('Partial dependence')}</h3>
      <div className="jp-autopilot-caption">
        {trans.__(
          "The model's mean prediction as one feature varies, every other feature as in the data (SageMaker Clarify)."
        )}
      </div>
      {entry ? (
        <>
          <div className="jp-autopilot-toolbar">
            <label className="jp-autopilot-field">
              <span>{trans.__('Feature')}</span>
              <select
                className="jp-autopilot-select jp-autopilot-pdp-feature"
                value={index}
                onChange={e => setIndex(Number(e.target.value))}
              >
                {entries.map((e, i) => (
                  <option key={i} value={i}>
                    {e.feature}
                  </option>
                ))}
              </select>
            </label>
            <span className="jp-autopilot-muted">
              {entry.dataType === 'categorical'
                ? trans._n('%1 category', '%1 categories', entry.values.length)
                : trans._n('%1 value', '%1 values', entry.values.length)}
            </span>
            {labels > 1 ? (
              <span className="jp-autopilot-muted">
                {trans._n('%1 label', '%1 labels', labels)}
              </span>
            ) : entry.labels[0] ? (
              <span className="jp-autopilot-muted">
                {trans.__('Label: %1', entry.labels[0].label)}
              </span>
            ) : null}
            {entry.distribution ? (
              <span className="jp-autopilot-muted jp-autopilot-pdp-distribution">
                {trans.__(
                  "Under the chart: the share of the data's rows at each value"
                )}
              </span>
            ) : null}
          </div>
          <ServerChart
            figure={entry.figure}
            className="jp-autopilot-pdp-chart"
            ariaLabel={trans.__('Partial dependence on %1', entry.feature)}
          />
        </>
      ) : null}
      {props.note ? (
        <p className="jp-autopilot-muted jp-autopilot-pdp-note">{props.note}</p>
      ) : null}
    </section>
  );
}
