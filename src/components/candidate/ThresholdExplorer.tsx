/**
 * Threshold and cost (binary classifiers): a slider over the operating points
 * that moves the confusion counts, precision, recall, F1 and accuracy; the
 * costs of a false positive and of a false negative mark the point of least
 * expected cost.
 */
import * as React from 'react';
import { IOperatingPoint } from '../../api';
import { formatDecimal } from '../../lib/format';
import { useTrans } from '../common/common';

/** The index of the point of least cost (fp × cost of a false positive + fn × cost of a false negative). */
export function leastCost(
  points: IOperatingPoint[],
  falsePositive: number,
  falseNegative: number
): { index: number; cost: number } | null {
  let best: { index: number; cost: number } | null = null;
  points.forEach((p, index) => {
    const cost = p.fp * falsePositive + p.fn * falseNegative;
    if (best === null || cost < best.cost) {
      best = { index, cost };
    }
  });
  return best;
}

/** The point of the model's own decision threshold, if it has one and a point is at it. */
export function decisionPoint(
  points: IOperatingPoint[],
  decision?: number | null
): number | null {
  if (decision === null || decision === undefined) {
    return null;
  }
  const index = points.findIndex(
    p =>
      p.threshold !== null &&
      p.threshold !== undefined &&
      Math.abs(p.threshold - decision) < 1e-9
  );
  return index >= 0 ? index : null;
}

/**
 * The point the slider starts on: the model's own threshold, else the best F1
 * (else the middle).
 */
export function startingPoint(
  points: IOperatingPoint[],
  decision?: number | null
): number {
  const own = decisionPoint(points, decision);
  if (own !== null) {
    return own;
  }
  let index = Math.floor(points.length / 2);
  let f1 = -1;
  points.forEach((p, i) => {
    if (typeof p.f1 === 'number' && p.f1 > f1) {
      f1 = p.f1;
      index = i;
    }
  });
  return index;
}

function nonNegative(text: string): number | null {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : null;
}

export function ThresholdExplorer(props: {
  points: IOperatingPoint[];
  note?: string | null;
  /** The labels of the negative and positive class (the confusion matrix's). */
  labels?: string[];
  /** The threshold the model predicts with, when its job chose one. */
  decision?: number | null;
}) {
  const trans = useTrans();
  const { points } = props;
  const [index, setIndex] = React.useState(() =>
    startingPoint(points, props.decision)
  );
  const own = decisionPoint(points, props.decision);
  const [fpCost, setFpCost] = React.useState('1');
  const [fnCost, setFnCost] = React.useState('1');
  const costs = [nonNegative(fpCost), nonNegative(fnCost)] as const;
  const cheapest =
    costs[0] !== null && costs[1] !== null
      ? leastCost(points, costs[0], costs[1])
      : null;
  if (!points.length) {
    return null;
  }
  const p = points[Math.min(index, points.length - 1)];
  const [negative, positive] =
    props.labels && props.labels.length === 2
      ? props.labels
      : [trans.__('negative'), trans.__('positive')];
  const here =
    costs[0] !== null && costs[1] !== null
      ? p.fp * costs[0] + p.fn * costs[1]
      : null;
  return (
    <section className="jp-autopilot-section jp-autopilot-threshold">
      <h3 className="jp-autopilot-h3">{trans.__('Threshold and cost')}</h3>
      {own !== null ? (
        <div className="jp-autopilot-caption jp-autopilot-threshold-own">
          {trans.__(
            'The model predicts %1 when its probability is %2 or more: the threshold its job chose for the objective.',
            positive,
            points[own].threshold!.toFixed(2)
          )}
          {own !== index ? (
            <button
              type="button"
              className="jp-autopilot-button"
              onClick={() => setIndex(own)}
            >
              {trans.__('Go to the model’s threshold')}
            </button>
          ) : null}
        </div>
      ) : null}
      <label className="jp-autopilot-threshold-slider">
        <span>
          {p.threshold !== null && p.threshold !== undefined
            ? own === index
              ? trans.__('Threshold %1 (the model’s)', p.threshold.toFixed(2))
              : trans.__('Threshold %1', p.threshold.toFixed(2))
            : trans.__('Operating point %1 of %2', index + 1, points.length)}
        </span>
        <input
          type="range"
          min={0}
          max={points.length - 1}
          step={1}
          value={index}
          onChange={e => setIndex(Number(e.target.value))}
          aria-valuetext={
            (p.threshold !== null && p.threshold !== undefined
              ? trans.__('threshold %1, ', p.threshold.toFixed(2))
              : '') +
            trans.__(
              'recall %1, false positive rate %2',
              formatDecimal(p.recall),
              formatDecimal(p.fpr)
            )
          }
        />
      </label>
      <div className="jp-autopilot-threshold-body">
        <table className="jp-autopilot-table jp-autopilot-threshold-matrix">
          <thead>
            <tr>
              <th scope="col">{trans.__('Actual \\ predicted')}</th>
              <th scope="col">{negative}</th>
              <th scope="col">{positive}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{negative}</th>
              <td className="jp-autopilot-num" data-cell="tn">
                {p.tn}
              </td>
              <td className="jp-autopilot-num" data-cell="fp">
                {p.fp}
              </td>
            </tr>
            <tr>
              <th scope="row">{positive}</th>
              <td className="jp-autopilot-num" data-cell="fn">
                {p.fn}
              </td>
              <td className="jp-autopilot-num" data-cell="tp">
                {p.tp}
              </td>
            </tr>
          </tbody>
        </table>
        <dl className="jp-autopilot-threshold-metrics">
          {(
            [
              ['precision', trans.__('Precision')],
              ['recall', trans.__('Recall')],
              ['f1', trans.__('F1')],
              ['accuracy', trans.__('Accuracy')],
              ['fpr', trans.__('False positive rate')]
            ] as const
          ).map(([key, label]) => (
            <div key={key} data-metric={key}>
              <dt>{label}</dt>
              <dd>{formatDecimal(p[key])}</dd>
            </div>
          ))}
        </dl>
      </div>
      <div className="jp-autopilot-threshold-costs">
        <CostInput
          label={trans.__('Cost of a false positive')}
          value={fpCost}
          onChange={setFpCost}
        />
        <CostInput
          label={trans.__('Cost of a false negative')}
          value={fnCost}
          onChange={setFnCost}
        />
        {cheapest ? (
          <span className="jp-autopilot-threshold-least" role="status">
            {cheapest.index === index
              ? trans.__(
                  'This point has the least expected cost (%1).',
                  formatDecimal(cheapest.cost)
                )
              : trans.__(
                  'Cost here %1; least: %2 at point %3.',
                  formatDecimal(here),
                  formatDecimal(cheapest.cost),
                  cheapest.index + 1
                )}
            {cheapest.index !== index ? (
              <button
                type="button"
                className="jp-autopilot-button"
                onClick={() => setIndex(cheapest.index)}
              >
                {trans.__('Go to the least cost')}
              </button>
            ) : null}
          </span>
        ) : (
          <span className="jp-autopilot-inline-error" role="status">
            {trans.__('Costs are numbers of 0 or more.')}
          </span>
        )}
      </div>
      {props.note ? (
        <div className="jp-autopilot-caption">{props.note}</div>
      ) : null}
    </section>
  );
}

/** A cost field: any number of zero or more (marked invalid otherwise). */
function CostInput(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}): JSX.Element {
  return (
    <label>
      {props.label}
      <input
        className="jp-autopilot-input"
        inputMode="decimal"
        value={props.value}
        onChange={e => props.onChange(e.target.value)}
        aria-invalid={nonNegative(props.value) === null}
      />
    </label>
  );
}
