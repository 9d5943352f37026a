/**
 * The endpoints and batch transform jobs made from a candidate (Artifacts
 * tab): their status, followed while they change, and "Delete endpoint".
 */
import * as React from 'react';
import { AutopilotClient, IDeployments } from '../../api';
import { formatTime } from '../../lib/format';
import {
  Empty,
  ErrorNotice,
  Loading,
  StatusBadge,
  errorMessage,
  useAsync,
  useTrans
} from '../common/common';
import { useOnSignal, usePoll } from '../common/refresh';
import { S3Uri } from '../common/S3Uri';

const SETTLED = new Set([
  'InService',
  'Failed',
  'OutOfService',
  'Completed',
  'Stopped'
]);

export function DeploymentsSection(props: {
  client: AutopilotClient;
  source: string;
  job: string;
  candidate: string;
  /** Asks before an endpoint is deleted; absent: no Delete button. */
  confirmDelete?: (endpoint: string) => Promise<boolean>;
  /** Seconds between refreshes while something is being created. */
  pollInterval?: number;
  /** Bumped from outside (refresh command) to re-read the list. */
  refreshSignal?: number;
}) {
  const trans = useTrans();
  const { client, source, job, candidate } = props;
  const data = useAsync<IDeployments>(
    () => client.deployments(source, job, candidate),
    [client, source, job, candidate]
  );
  const [busy, setBusy] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const changing =
    data.state.status === 'ready' &&
    [
      ...data.state.data.endpoints.map(e => e.status),
      ...data.state.data.transformJobs.map(t => t.status)
    ].some(s => !SETTLED.has(s ?? ''));
  usePoll(changing, props.pollInterval ?? 15, () => data.refresh());
  useOnSignal(props.refreshSignal, () => void data.refresh());

  const remove = async (endpoint: string) => {
    if (props.confirmDelete && !(await props.confirmDelete(endpoint))) {
      return;
    }
    setBusy(endpoint);
    setError(null);
    try {
      await client.deleteEndpoint(source, job, candidate, endpoint);
      await data.refresh();
    } catch (e) {
      setError(errorMessage(e, trans));
    } finally {
      setBusy(null);
    }
  };

  let body: React.ReactNode;
  if (data.state.status === 'loading') {
    body = <Loading label={trans.__('Looking for endpoints…')} />;
  } else if (data.state.status === 'error') {
    body = <ErrorNotice error={data.state.error} onRetry={data.refresh} />;
  } else if (data.state.data.message) {
    body = <Empty>{data.state.data.message}</Empty>;
  } else {
    const { endpoints, transformJobs } = data.state.data;
    body = (
      <>
        <h4 className="jp-autopilot-h4">{trans.__('Endpoints')}</h4>
        {endpoints.length ? (
          <table className="jp-autopilot-table jp-autopilot-endpoints-table">
            <thead>
              <tr>
                <th>{trans.__('Name')}</th>
                <th>{trans.__('Status')}</th>
                <th>{trans.__('Instances')}</th>
                <th>{trans.__('Created')}</th>
                <th>
                  <span className="jp-autopilot-visually-hidden">
                    {trans.__('Actions')}
                  </span>
                </th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map(e => (
                <tr key={e.name}>
                  <td>{e.name}</td>
                  <td>
                    <StatusBadge status={e.status} />
                    {e.failureReason ? (
                      <div className="jp-autopilot-inline-error">
                        {e.failureReason}
                      </div>
                    ) : null}
                  </td>
                  <td>{e.instanceCount ?? '—'}</td>
                  <td>{formatTime(e.creationTime)}</td>
                  <td>
                    {props.confirmDelete && e.status !== 'Deleting' ? (
                      <button
                        type="button"
                        className="jp-autopilot-button"
                        disabled={busy !== null}
                        onClick={() => void remove(e.name)}
                      >
                        {busy === e.name
                          ? trans.__('Deleting…')
                          : trans.__('Delete endpoint…')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>{trans.__('No endpoint was made from this candidate.')}</Empty>
        )}
        <h4 className="jp-autopilot-h4">{trans.__('Batch transform jobs')}</h4>
        {transformJobs.length ? (
          <table className="jp-autopilot-table jp-autopilot-transforms-table">
            <thead>
              <tr>
                <th>{trans.__('Name')}</th>
                <th>{trans.__('Status')}</th>
                <th>{trans.__('Input')}</th>
                <th>{trans.__('Output')}</th>
                <th>{trans.__('Created')}</th>
              </tr>
            </thead>
            <tbody>
              {transformJobs.map(t => (
                <tr key={t.name}>
                  <td>{t.name}</td>
                  <td>
                    <StatusBadge status={t.status} />
                    {t.failureReason ? (
                      <div className="jp-autopilot-inline-error">
                        {t.failureReason}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <S3Uri uri={t.input} />
                  </td>
                  <td>
                    <S3Uri uri={t.output} />
                  </td>
                  <td>{formatTime(t.creationTime)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>
            {trans.__('No batch transform job was made from this candidate.')}
          </Empty>
        )}
      </>
    );
  }
  return (
    <section className="jp-autopilot-section jp-autopilot-deployments">
      <h3 className="jp-autopilot-h3">
        {trans.__('Endpoints and batch transform jobs')}
      </h3>
      {error ? (
        <div className="jp-autopilot-inline-error" role="alert">
          {error}
        </div>
      ) : null}
      {body}
    </section>
  );
}
