/**
 * Using a candidate from its model-details tab: "Predict on a file…" (local
 * candidates), "Deploy…" and "Batch transform…" (AWS candidates). Each asks
 * for what it needs in a dialog that says what it will do (on AWS: that it
 * starts billable resources); nothing is sent before the user accepts.
 */
import * as React from 'react';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { AutopilotApiError, AutopilotClient } from '../api';
import { errorMessage } from '../components/common/common';

export interface ICandidateRef {
  source: string;
  job: string;
  candidate: string;
}

export interface IUseActions {
  /** Local candidates: predictions on a CSV under the Jupyter root. */
  predictFile?: (ref: ICandidateRef) => Promise<void>;
  /** AWS candidates: a real-time endpoint. */
  deploy?: (ref: ICandidateRef) => Promise<void>;
  /** AWS candidates: a batch transform job. */
  transform?: (ref: ICandidateRef) => Promise<void>;
  /** Asks before an endpoint made from the candidate is deleted. */
  confirmDelete?: (endpoint: string) => Promise<boolean>;
}

/** A small form in a dialog: labelled inputs, their values read when the dialog closes. */
class FormBody extends ReactWidget {
  constructor(
    readonly fields: Array<{
      key: string;
      label: string;
      value: string;
      hint?: string;
      options?: string[];
    }>,
    readonly intro: React.ReactNode
  ) {
    super();
    this.addClass('jp-autopilot-dialog-form');
    this._values = Object.fromEntries(fields.map(f => [f.key, f.value]));
  }

  getValue(): Record<string, string> {
    return { ...this._values };
  }

  render(): JSX.Element {
    return (
      <div className="jp-autopilot-dialog-body">
        {this.intro}
        {this.fields.map(f => {
          const id = `jp-autopilot-dialog-${f.key}`;
          return (
            <div key={f.key} className="jp-autopilot-form-field">
              <label htmlFor={id}>{f.label}</label>
              {f.options ? (
                <select
                  id={id}
                  className="jp-autopilot-select"
                  defaultValue={f.value}
                  onChange={e => (this._values[f.key] = e.target.value)}
                >
                  {f.options.map(o => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  className="jp-autopilot-input"
                  defaultValue={f.value}
                  spellCheck={false}
                  onChange={e => (this._values[f.key] = e.target.value)}
                />
              )}
              {f.hint ? (
                <div className="jp-autopilot-form-hint">{f.hint}</div>
              ) : null}
            </div>
          );
        })}
      </div>
    );
  }

  private _values: Record<string, string>;
}

/** Common instance types for inference (any type the service model lists is accepted). */
export const ENDPOINT_INSTANCE_TYPES = [
  'ml.m5.large',
  'ml.m5.xlarge',
  'ml.m5.2xlarge',
  'ml.c5.large',
  'ml.c5.xlarge',
  'ml.c5.2xlarge'
];
export const TRANSFORM_INSTANCE_TYPES = [
  'ml.m5.large',
  'ml.m5.xlarge',
  'ml.m5.2xlarge',
  'ml.c5.xlarge',
  'ml.c5.2xlarge'
];

/** A resource name from the job's: what SageMaker accepts (63 characters). */
export function resourceName(job: string, what: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(4, 12);
  return `${job}-${what}-${stamp}`.slice(0, 63).replace(/-+$/, '');
}

export function candidateActions(options: {
  client: AutopilotClient;
  trans: TranslationBundle;
  /** A CSV under the Jupyter root, chosen by the user (null: cancelled). */
  chooseCsv: () => Promise<string | null>;
  /** Opens a file under the Jupyter root. */
  open: (path: string) => void;
}): IUseActions {
  const { client, trans } = options;

  const predictFile = async (ref: ICandidateRef) => {
    const input = await options.chooseCsv();
    if (!input) {
      return;
    }
    const attempt = async (overwrite: boolean): Promise<void> => {
      const id = Notification.emit(
        trans.__('Predicting with %1 on %2…', ref.candidate, input),
        'in-progress',
        { autoClose: false }
      );
      try {
        const r = await client.predict(ref.source, ref.job, ref.candidate, {
          input,
          overwrite
        });
        const scored =
          r.accuracy !== null && r.accuracy !== undefined
            ? trans.__(' (accuracy on this file: %1)', r.accuracy.toFixed(4))
            : r.r2 !== null && r.r2 !== undefined
              ? trans.__(' (R² on this file: %1)', r.r2.toFixed(4))
              : '';
        Notification.update({
          id,
          message:
            trans.__('%1 rows predicted into %2', r.rows, r.output) + scored,
          type: 'success',
          autoClose: 8000
        });
        options.open(r.output);
      } catch (e) {
        Notification.dismiss(id);
        const exists =
          e instanceof AutopilotApiError &&
          e.status === 409 &&
          e.code === 'OutputExists';
        if (exists && !overwrite) {
          const again = await showDialog({
            title: trans.__('Replace the predictions file?'),
            body: errorMessage(e, trans),
            buttons: [
              Dialog.cancelButton(),
              Dialog.warnButton({ label: trans.__('Replace') })
            ]
          });
          if (again.button.accept) {
            await attempt(true);
          }
          return;
        }
        Notification.error(errorMessage(e, trans), { autoClose: false });
      }
    };
    await attempt(false);
  };

  const deploy = async (ref: ICandidateRef) => {
    const body = new FormBody(
      [
        {
          key: 'endpointName',
          label: trans.__('Endpoint name'),
          value: resourceName(ref.job, 'ep')
        },
        {
          key: 'instanceType',
          label: trans.__('Instance type'),
          value: ENDPOINT_INSTANCE_TYPES[0],
          options: ENDPOINT_INSTANCE_TYPES
        },
        { key: 'instanceCount', label: trans.__('Instance count'), value: '1' }
      ],
      <p className="jp-autopilot-dialog-warning">
        <strong>
          {trans.__(
            'This creates a SageMaker model, endpoint configuration and real-time endpoint from %1. The endpoint is billed to your AWS account for every hour it runs, until you delete it (Artifacts tab).',
            ref.candidate
          )}
        </strong>
      </p>
    );
    const result = await showDialog({
      title: trans.__('Deploy %1?', ref.candidate),
      body,
      buttons: [
        Dialog.cancelButton(),
        Dialog.warnButton({ label: trans.__('Deploy (billable)') })
      ]
    });
    if (!result.button.accept || !result.value) {
      return;
    }
    const v = result.value as Record<string, string>;
    const pending = client.deploy(ref.source, ref.job, ref.candidate, {
      endpointName: v.endpointName.trim(),
      instanceType: v.instanceType,
      instanceCount: Number(v.instanceCount)
    });
    Notification.promise(pending, {
      pending: { message: trans.__('Creating endpoint %1…', v.endpointName) },
      success: {
        message: () =>
          trans.__(
            'Endpoint %1 is being created; its status is in the Artifacts tab.',
            v.endpointName
          )
      },
      error: { message: reason => errorMessage(reason, trans) }
    });
    await pending.catch(() => undefined);
  };

  const transform = async (ref: ICandidateRef) => {
    const body = new FormBody(
      [
        {
          key: 'transformJobName',
          label: trans.__('Transform job name'),
          value: resourceName(ref.job, 'batch')
        },
        {
          key: 'input',
          label: trans.__('Input (S3)'),
          value: '',
          hint: trans.__(
            'CSV rows of the feature columns, in the training order, without a header or the target.'
          )
        },
        { key: 'output', label: trans.__('Output (S3)'), value: '' },
        {
          key: 'instanceType',
          label: trans.__('Instance type'),
          value: TRANSFORM_INSTANCE_TYPES[0],
          options: TRANSFORM_INSTANCE_TYPES
        },
        { key: 'instanceCount', label: trans.__('Instance count'), value: '1' }
      ],
      <p className="jp-autopilot-dialog-warning">
        <strong>
          {trans.__(
            'This creates a SageMaker model and a batch transform job from %1; its instances are billed to your AWS account while it runs.',
            ref.candidate
          )}
        </strong>
      </p>
    );
    const result = await showDialog({
      title: trans.__('Batch transform with %1?', ref.candidate),
      body,
      buttons: [
        Dialog.cancelButton(),
        Dialog.warnButton({ label: trans.__('Start (billable)') })
      ]
    });
    if (!result.button.accept || !result.value) {
      return;
    }
    const v = result.value as Record<string, string>;
    const pending = client.transform(ref.source, ref.job, ref.candidate, {
      transformJobName: v.transformJobName.trim(),
      input: v.input.trim(),
      output: v.output.trim(),
      instanceType: v.instanceType,
      instanceCount: Number(v.instanceCount)
    });
    Notification.promise(pending, {
      pending: {
        message: trans.__('Starting batch transform %1…', v.transformJobName)
      },
      success: {
        message: () =>
          trans.__(
            'Batch transform %1 started; its status is in the Artifacts tab.',
            v.transformJobName
          )
      },
      error: { message: reason => errorMessage(reason, trans) }
    });
    await pending.catch(() => undefined);
  };

  const confirmDelete = async (endpoint: string) => {
    const result = await showDialog({
      title: trans.__('Delete endpoint %1?', endpoint),
      body: trans.__(
        'This deletes the endpoint (billing stops) and the endpoint configuration and model made with it. Applications calling it will fail.'
      ),
      buttons: [
        Dialog.cancelButton(),
        Dialog.warnButton({ label: trans.__('Delete endpoint') })
      ]
    });
    return result.button.accept;
  };

  return { predictFile, deploy, transform, confirmDelete };
}
