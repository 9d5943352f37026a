/**
 * A running job's progress on its tab: the stages (from the job's secondary
 * status), candidates done of planned, elapsed time and an estimate, and Stop.
 */
import * as React from 'react';
import { ICandidate, IJob } from '../../api';
import { formatDuration, parseTime } from '../../lib/format';
import { useTrans } from '../common/common';

/** Seconds left at the pace of the candidates so far, bounded by the max runtime; null: unknown. */
export function estimateSecondsLeft(
  elapsed: number,
  done: number,
  planned: number | null,
  maxRuntime: number | null
): number | null {
  const byRuntime = maxRuntime ? Math.max(0, maxRuntime - elapsed) : null;
  if (!planned || done <= 0 || done >= planned) {
    return byRuntime;
  }
  const byPace = (elapsed / done) * (planned - done);
  return byRuntime === null ? byPace : Math.min(byPace, byRuntime);
}

export function JobProgress(props: {
  job: IJob;
  candidates: ICandidate[];
  /** Stops the job (asks first); absent: no Stop button. */
  onStop?: () => void;
  stopping?: boolean;
  stopError?: string | null;
}) {
  const trans = useTrans();
  const { job } = props;
  // the elapsed time moves on between refreshes
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const started = parseTime(job.creationTime);
  const elapsed = started === null ? null : Math.max(0, (now - started) / 1000);
  const done = props.candidates.filter(c => c.status === 'Completed').length;
  const failed = props.candidates.filter(c => c.status === 'Failed').length;
  const planned = job.completionCriteria.maxCandidates ?? null;
  const maxRuntime =
    job.completionCriteria.maxAutoMLJobRuntimeInSeconds ?? null;
  const left =
    elapsed === null
      ? null
      : estimateSecondsLeft(elapsed, done, planned, maxRuntime);
  const stopping = job.status === 'Stopping' || props.stopping;
  return (
    <section
      className="jp-autopilot-progress"
      aria-label={trans.__('Job progress')}
    >
      <ol className="jp-autopilot-stages">
        {job.stages.map(stage => (
          <li
            key={stage.status}
            className={`jp-autopilot-stage jp-autopilot-stage-${stage.state}`}
            aria-current={stage.state === 'current' ? 'step' : undefined}
            title={stage.status}
          >
            <span className="jp-autopilot-stage-mark" aria-hidden="true">
              {stage.state === 'done'
                ? '✓'
                : stage.state === 'current'
                  ? '●'
                  : '○'}
            </span>
            {trans.__(stage.label)}
          </li>
        ))}
      </ol>
      <div className="jp-autopilot-progress-facts">
        <span className="jp-autopilot-progress-candidates">
          {planned
            ? trans.__('%1 of %2 candidates done', done, planned)
            : trans._n('%1 candidate done', '%1 candidates done', done)}
          {failed ? ` · ${trans._n('%1 failed', '%1 failed', failed)}` : ''}
        </span>
        {planned ? (
          <progress
            className="jp-autopilot-progress-bar"
            max={planned}
            value={Math.min(done, planned)}
            aria-label={trans.__('Candidates done')}
          />
        ) : null}
        {elapsed !== null ? (
          <span className="jp-autopilot-progress-elapsed">
            {trans.__('Elapsed %1', formatDuration(elapsed))}
          </span>
        ) : null}
        {left !== null && left >= 1 && !stopping ? (
          <span
            className="jp-autopilot-progress-estimate"
            title={
              done > 0
                ? trans.__(
                    'From the pace of the candidates so far, within the max runtime'
                  )
                : trans.__('The max runtime left')
            }
          >
            {done > 0
              ? trans.__('about %1 left', formatDuration(left))
              : trans.__('at most %1 left', formatDuration(left))}
          </span>
        ) : null}
        {props.onStop ? (
          <button
            type="button"
            className="jp-autopilot-button jp-autopilot-stop"
            onClick={props.onStop}
            disabled={stopping}
          >
            {stopping ? trans.__('Stopping…') : trans.__('Stop job…')}
          </button>
        ) : null}
        {props.stopError ? (
          <span className="jp-autopilot-inline-error" role="alert">
            {props.stopError}
          </span>
        ) : null}
      </div>
    </section>
  );
}
