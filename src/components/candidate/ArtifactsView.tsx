/**
 * Artifacts: every S3 location of a candidate (inputs, outputs, intermediate steps).
 */
import * as React from 'react';
import { IArtifact, IArtifacts } from '../../api';
import { humanize } from '../../lib/format';
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
                <td>{a.name}</td>
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
      </div>
    </ConsoleLinksContext.Provider>
  );
}
