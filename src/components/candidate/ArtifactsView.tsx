/**
 * Artifacts: every S3 location of a candidate (inputs, outputs, intermediate
 * steps), how its training jobs ran (instances, training and billable time,
 * image, tuning job) and its inference containers' environment.
 */
import * as React from 'react';
import { IArtifact, IArtifacts, ITrainingJobFacts } from '../../api';
import { formatDuration, humanize } from '../../lib/format';
import { Empty, useTrans } from '../common/common';
import { ConsoleLinksContext, S3Uri } from '../common/S3Uri';

function ArtifactSection(props: { title: string; items: IArtifact[] }) {
  const trans = useTrans();
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
                <td>
                  {a.name}
                  {Object.keys(a.environment || {}).length ? (
                    <details className="jp-autopilot-environment">
                      <summary>{trans.__('Environment')}</summary>
                      <table className="jp-autopilot-table">
                        <tbody>
                          {Object.entries(a.environment).map(([k, v]) => (
                            <tr key={k}>
                              <th scope="row">{k}</th>
                              <td>
                                <code>{v}</code>
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </details>
                  ) : null}
                </td>
                <td>{a.kind ? humanize(a.kind) : '—'}</td>
                <td>
                  <S3Uri uri={a.uri} />
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

function TrainingJobs(props: { items: ITrainingJobFacts[] }) {
  const trans = useTrans();
  if (!props.items.length) {
    return null;
  }
  const seconds = (s: number | null) => (s === null ? '—' : formatDuration(s));
  return (
    <section className="jp-autopilot-section">
      <h3 className="jp-autopilot-h3">{trans.__('Training jobs')}</h3>
      <table className="jp-autopilot-table jp-autopilot-training-jobs">
        <thead>
          <tr>
            <th>{trans.__('Training job')}</th>
            <th>{trans.__('Instances')}</th>
            <th className="jp-autopilot-num">{trans.__('Training time')}</th>
            <th className="jp-autopilot-num">{trans.__('Billable time')}</th>
            <th>{trans.__('Image')}</th>
            <th>{trans.__('Tuning job')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map(t => (
            <tr key={t.name}>
              <td>{t.name}</td>
              <td>
                {t.instanceType
                  ? `${t.instanceCount ?? 1} × ${t.instanceType}`
                  : '—'}
              </td>
              <td className="jp-autopilot-num">
                {seconds(t.trainingTimeInSeconds)}
              </td>
              <td className="jp-autopilot-num">
                {seconds(t.billableTimeInSeconds)}
              </td>
              <td>
                <code>{t.image || t.algorithm || '—'}</code>
              </td>
              <td>{t.tuningJobArn ? t.tuningJobArn.split('/').pop() : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ArtifactsView(props: { data: IArtifacts }) {
  const trans = useTrans();
  return (
    <ConsoleLinksContext.Provider value={props.data.onAws !== false}>
      <div className="jp-autopilot-artifacts">
        <ArtifactSection
          title={trans.__('Inputs')}
          items={props.data.inputs || []}
        />
        <ArtifactSection
          title={trans.__('Outputs')}
          items={props.data.outputs || []}
        />
        <ArtifactSection
          title={trans.__('Intermediate results')}
          items={props.data.intermediate || []}
        />
        <TrainingJobs items={props.data.training || []} />
      </div>
    </ConsoleLinksContext.Provider>
  );
}
