/**
 * The exact request the "New AutoML job" form will send (the CreateAutoMLJobV2
 * request, or the local runner's command), or why there is none yet.
 */
import * as React from 'react';
import { IJobPreview } from '../../api';
import { Loading, useTrans } from '../common/common';
import { RunsOn } from './jobForm';

/** The exact request the form will send (or why there is none yet). */
export function RequestPreview(props: {
  /** The preview is of an earlier form (a new check is under way). */
  stale: boolean;
  preview: IJobPreview | null;
  error: string | null;
  source: RunsOn;
}) {
  const trans = useTrans();
  const { preview } = props;
  return (
    <section
      className={
        'jp-autopilot-request-preview' +
        (props.stale ? ' jp-autopilot-mod-stale' : '')
      }
      aria-label={trans.__('Request preview')}
      aria-busy={props.stale}
    >
      <h3>
        {props.source === 'aws'
          ? trans.__('The CreateAutoMLJobV2 request')
          : trans.__('What runs on this machine')}
      </h3>
      {props.error ? (
        <div className="jp-autopilot-form-error" role="alert">
          {props.error}
        </div>
      ) : preview === null ? (
        <Loading label={trans.__('Checking…')} />
      ) : preview.valid ? (
        <>
          {preview.command ? (
            <pre className="jp-autopilot-code">{preview.command}</pre>
          ) : null}
          <pre className="jp-autopilot-code jp-autopilot-request-json">
            {JSON.stringify(preview.request, null, 2)}
          </pre>
          {preview.notes.map(note => (
            <div key={note} className="jp-autopilot-form-hint">
              {note}
            </div>
          ))}
        </>
      ) : (
        <div className="jp-autopilot-muted">
          {trans.__(
            'The request is shown once every field is valid (%1 to fix).',
            preview.errors.length
          )}
        </div>
      )}
    </section>
  );
}
