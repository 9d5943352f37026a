/**
 * The confirmations asked before a write: stopping a job, and anything sent
 * to AWS (a job created on SageMaker starts billable resources).
 */
import * as React from 'react';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import type { IJob } from '../api';

/** Asks before stopping a job; true to stop. */
export async function confirmStop(
  job: IJob,
  trans: TranslationBundle
): Promise<boolean> {
  const result = await showDialog({
    title: trans.__('Stop AutoML job %1?', job.name),
    body: (
      <div className="jp-autopilot-dialog-body">
        <p>
          {job.onAws
            ? trans.__(
                'This sends StopAutoMLJob to AWS: SageMaker stops the job and its running training jobs.'
              )
            : trans.__('This stops the local runner of this job.')}
        </p>
        <p>
          {trans.__(
            'Candidates that have finished are kept; the job cannot be resumed.'
          )}
        </p>
      </div>
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Keep running') }),
      Dialog.warnButton({ label: trans.__('Stop job') })
    ]
  });
  return result.button.accept;
}

/** Asks before a job is created on AWS, showing the request; true to send it. */
export async function confirmAwsCreate(
  request: unknown,
  region: string | null,
  trans: TranslationBundle
): Promise<boolean> {
  const result = await showDialog({
    title: trans.__('Create the AutoML job on AWS?'),
    body: (
      <div className="jp-autopilot-dialog-body">
        <p>
          {region
            ? trans.__(
                'This sends the CreateAutoMLJobV2 request below to SageMaker in %1.',
                region
              )
            : trans.__(
                'This sends the CreateAutoMLJobV2 request below to SageMaker.'
              )}
        </p>
        <p>
          <strong>
            {trans.__(
              'It starts processing and training jobs that are billed to your AWS account until the job ends or you stop it.'
            )}
          </strong>
        </p>
        <pre className="jp-autopilot-code jp-autopilot-dialog-request">
          {JSON.stringify(request, null, 2)}
        </pre>
      </div>
    ),
    buttons: [
      Dialog.cancelButton(),
      Dialog.warnButton({ label: trans.__('Create on AWS') })
    ]
  });
  return result.button.accept;
}
