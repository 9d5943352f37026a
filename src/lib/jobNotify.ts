/**
 * The notification shown when polling sees a watched job finish (InProgress/Stopping ->
 * Completed, Failed or Stopped). The message is plain text (the failure reason included).
 */
import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { IJob } from '../api';

export type JobFinishKind = 'success' | 'error' | 'info';

const RUNNING = new Set(['InProgress', 'Stopping']);
const FINISHED: Record<string, JobFinishKind> = {
  Completed: 'success',
  Failed: 'error',
  Stopped: 'info'
};

/** The notification kind for a status change, or null when it is not a job finishing. */
export function jobFinishKind(
  before: string | null | undefined,
  after: string | null | undefined
): JobFinishKind | null {
  if (!before || !after || !RUNNING.has(before)) {
    return null;
  }
  return Object.prototype.hasOwnProperty.call(FINISHED, after)
    ? FINISHED[after]
    : null;
}

const MAX_REASON = 300;

/** Notify that `job` finished, when `before -> job.status` is such a change; says whether it did. */
export function notifyJobFinished(
  before: string | null | undefined,
  job: IJob,
  trans: TranslationBundle,
  onOpen?: () => void
): boolean {
  const kind = jobFinishKind(before, job.status);
  if (!kind) {
    return false;
  }
  const actions = onOpen
    ? [{ label: trans.__('Open job'), callback: () => onOpen() }]
    : [];
  const name = String(job.name);
  if (kind === 'success') {
    Notification.success(trans.__('Autopilot job %1 completed.', name), {
      actions,
      autoClose: 8000
    });
  } else if (kind === 'error') {
    let reason = job.failureReason ? String(job.failureReason) : '';
    if (reason.length > MAX_REASON) {
      reason = reason.slice(0, MAX_REASON) + '…';
    }
    Notification.error(
      reason
        ? trans.__('Autopilot job %1 failed: %2', name, reason)
        : trans.__('Autopilot job %1 failed.', name),
      { actions, autoClose: false }
    );
  } else {
    Notification.info(trans.__('Autopilot job %1 stopped.', name), {
      actions,
      autoClose: 8000
    });
  }
  return true;
}
