/**
 * SHAP across candidates (a job-tab subtab): the top candidates × the top
 * features as shares of each candidate's total, how stable each feature's
 * rank is, and warnings of possible leakage.
 */
import * as React from 'react';
import { IShapMatrix } from '../../api';
import { AsyncView, Empty, useAsync, useTrans } from '../common/common';
import { ServerChart } from '../common/ServerChart';

export function ShapMatrixContent(props: { data: IShapMatrix }) {
  const trans = useTrans();
  const { data } = props;
  return (
    <div className="jp-autopilot-shap-matrix">
      {data.warnings.length ? (
        <div className="jp-autopilot-warning" role="alert">
          <strong>{trans.__('Possible leakage')}</strong>
          <ul>
            {data.warnings.map(w => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="jp-autopilot-muted">{data.unitNote}</p>
      {data.figure ? (
        <ServerChart
          figure={data.figure}
          className="jp-autopilot-shap-heatmap"
          ariaLabel={trans.__('SHAP shares of the top candidates')}
        />
      ) : (
        <Empty>
          {trans.__(
            'No candidate of this job has explainability output yet (AWS writes it for the best candidate only).'
          )}
        </Empty>
      )}
      {data.stability.length ? (
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Rank stability')}</h3>
          <table className="jp-autopilot-table jp-autopilot-shap-stability">
            <thead>
              <tr>
                <th scope="col">{trans.__('Feature')}</th>
                <th scope="col">{trans.__('Mean share')}</th>
                <th scope="col">{trans.__('Rank across candidates')}</th>
              </tr>
            </thead>
            <tbody>
              {data.stability.map(s => (
                <tr key={s.name}>
                  <th scope="row">{s.name}</th>
                  <td className="jp-autopilot-num">
                    {(s.meanShare * 100).toFixed(1)}%
                  </td>
                  <td className="jp-autopilot-num">
                    {s.bestRank === s.worstRank
                      ? `#${s.bestRank}`
                      : `#${s.bestRank} – #${s.worstRank}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {data.unexplained.length ? (
        <div className="jp-autopilot-muted">
          {trans.__(
            'Without explainability output: %1.',
            data.unexplained.join(', ')
          )}
        </div>
      ) : null}
    </div>
  );
}

export function ShapMatrixView(props: { load: () => Promise<IShapMatrix> }) {
  const trans = useTrans();
  const data = useAsync(props.load, [props.load]);
  return (
    <AsyncView
      async={data}
      loadingLabel={trans.__('Reading the candidates’ explanations…')}
    >
      {d => <ShapMatrixContent data={d} />}
    </AsyncView>
  );
}
