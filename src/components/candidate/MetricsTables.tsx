/**
 * The candidate-metrics table (metrics by data set) and long-name wrapping.
 */
import * as React from 'react';
import { IMetric } from '../../api';
import { formatNumber } from '../../lib/format';
import { Empty, useTrans } from '../common/common';

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
export function CandidateMetricsTable(props: { metrics: IMetric[] }) {
  const trans = useTrans();
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
