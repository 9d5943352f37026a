/**
 * The "SageMaker resources" sidebar: source selector, AutoML jobs list
 * (search, status filter, paging) and the Experiments and trials view.
 */
import * as React from 'react';
import { AutopilotClient, ISource } from '../../api';
import {
  AsyncView,
  Empty,
  RefreshFailed,
  useAsync,
  useTrans
} from '../common/common';
import { useOnSignal, useSilentRefresh } from '../common/refresh';
import { ExperimentsView } from './ExperimentsView';
import { JobsList } from './JobsList';

export const JOB_STATUSES = [
  'InProgress',
  'Completed',
  'Failed',
  'Stopping',
  'Stopped'
];

export interface ISidebarProps {
  client: AutopilotClient;
  defaultSource?: string;
  onOpenJob: (source: string, job: string) => void;
  /** Bumped from outside (refresh command). */
  refreshSignal?: number;
  /** Debounce of the search box, ms. */
  debounce?: number;
  /** The "New AutoML job" button; absent: no button. */
  onCreateJob?: () => void;
  /** Seconds between refreshes of the list while a listed job runs; 0 = off. */
  pollInterval?: number;
  /** False while the sidebar is collapsed: nothing is polled. */
  active?: boolean;
}

export function sourceLabel(s: ISource): string {
  if (s.region && s.label.indexOf(s.region) < 0) {
    return `${s.label} (${s.region})`;
  }
  return s.label;
}

/** Pick the source to show first: the default if available, else the first available. */
export function pickSource(
  sources: ISource[],
  preferred?: string
): string | null {
  const pref = sources.find(s => s.id === preferred && s.available);
  if (pref) {
    return pref.id;
  }
  const first = sources.find(s => s.available);
  return first ? first.id : null;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = React.useState(value);
  React.useEffect(() => {
    if (ms <= 0) {
      setV(value);
      return;
    }
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

export function Sidebar(props: ISidebarProps) {
  const trans = useTrans();
  const { client } = props;
  // bumped once the sources are refreshed: the list below re-fetches
  const [listRefresh, setListRefresh] = React.useState(0);
  const sources = useAsync(() => client.sources(), [client]);
  const [source, setSource] = React.useState<string | null>(null);
  const [view, setView] = React.useState<'jobs' | 'experiments'>('jobs');
  const [search, setSearch] = React.useState('');
  const [status, setStatus] = React.useState('');
  const nameContains = useDebounced(search.trim(), props.debounce ?? 300);

  React.useEffect(() => {
    if (sources.state.status === 'ready' && source === null) {
      setSource(
        pickSource(sources.state.data.sources || [], props.defaultSource)
      );
    }
  }, [sources.state, source, props.defaultSource]);

  // Refresh: the sources first, then the list. When the sources cannot be fetched
  // (the server is down) the list is left as it is and one alert says so, with Retry.
  const { refreshing, doRefresh } = useSilentRefresh(sources.refresh, ok => {
    if (ok) {
      setListRefresh(r => r + 1);
    }
  });
  useOnSignal(props.refreshSignal, doRefresh);

  return (
    <div className="jp-autopilot-sidebar-content">
      <div className="jp-autopilot-sidebar-header">
        <h2 className="jp-autopilot-sidebar-title">
          {trans.__('SageMaker resources')}
        </h2>
        {props.onCreateJob ? (
          <button
            type="button"
            className="jp-autopilot-button jp-autopilot-button-primary jp-autopilot-new-job-button"
            onClick={props.onCreateJob}
            title={trans.__('Create an AutoML job')}
          >
            {trans.__('New job')}
          </button>
        ) : null}
        <button
          type="button"
          className="jp-autopilot-button jp-autopilot-refresh"
          onClick={doRefresh}
          disabled={refreshing}
          title={trans.__('Refresh')}
          aria-label={trans.__('Refresh the list')}
        >
          ↻
        </button>
      </div>
      <AsyncView async={sources} loadingLabel={trans.__('Loading sources…')}>
        {data => {
          const list = data.sources || [];
          const current = list.find(s => s.id === source);
          return (
            <>
              <div className="jp-autopilot-sidebar-controls">
                <label className="jp-autopilot-field">
                  <span>{trans.__('Source')}</span>
                  <select
                    className="jp-autopilot-select jp-autopilot-source-select"
                    value={source ?? ''}
                    onChange={e => setSource(e.target.value)}
                  >
                    {source === null ? (
                      <option value="">
                        {trans.__('No source available')}
                      </option>
                    ) : null}
                    {list.map(s => (
                      <option
                        key={s.id}
                        value={s.id}
                        disabled={!s.available}
                        title={s.message || undefined}
                      >
                        {s.available
                          ? sourceLabel(s)
                          : `${sourceLabel(s)} — ${trans.__('unavailable')}`}
                      </option>
                    ))}
                  </select>
                </label>
                {list
                  .filter(s => !s.available && s.message)
                  .map(s => (
                    <details key={s.id} className="jp-autopilot-source-message">
                      <summary>
                        <span className="jp-autopilot-source-message-label">
                          {sourceLabel(s)}
                        </span>
                        {` — ${trans.__('unavailable')}`}
                      </summary>
                      <div className="jp-autopilot-source-message-body">
                        {s.message}
                      </div>
                    </details>
                  ))}
                {/* what to list and, for jobs, the status filter beside it; each select keeps
                    its text's width (the status filter wraps under when the sidebar is narrow) */}
                <div className="jp-autopilot-filter-row">
                  <select
                    className="jp-autopilot-select jp-autopilot-view-select"
                    aria-label={trans.__('Resource type')}
                    value={view}
                    onChange={e =>
                      setView(e.target.value as 'jobs' | 'experiments')
                    }
                  >
                    <option value="jobs">{trans.__('AutoML jobs')}</option>
                    <option value="experiments">
                      {trans.__('Experiments and trials')}
                    </option>
                  </select>
                  {view === 'jobs' ? (
                    <select
                      className="jp-autopilot-select jp-autopilot-status-select"
                      aria-label={trans.__('Filter by status')}
                      title={trans.__('Filter by status')}
                      value={status}
                      onChange={e => setStatus(e.target.value)}
                    >
                      <option value="">{trans.__('All statuses')}</option>
                      {JOB_STATUSES.map(s => (
                        <option key={s} value={s}>
                          {s}
                        </option>
                      ))}
                    </select>
                  ) : null}
                </div>
                {/* the search on its own row: its placeholder is never cut */}
                <input
                  type="search"
                  className="jp-autopilot-input jp-autopilot-search"
                  placeholder={
                    view === 'jobs'
                      ? trans.__('Search jobs by name')
                      : trans.__('Search by name')
                  }
                  aria-label={trans.__('Search by name')}
                  title={
                    view === 'jobs'
                      ? trans.__('Search jobs by name')
                      : trans.__('Search by name')
                  }
                  value={search}
                  onChange={e => setSearch(e.target.value)}
                />
              </div>
              <div className="jp-autopilot-sidebar-list">
                {sources.refreshError ? (
                  <RefreshFailed
                    error={sources.refreshError}
                    onRetry={doRefresh}
                    retrying={refreshing}
                  />
                ) : null}
                {source === null || !current ? (
                  <Empty>
                    {trans.__(
                      'No job source is available. Configure AWS credentials or a local jobs folder.'
                    )}
                  </Empty>
                ) : view === 'jobs' ? (
                  <JobsList
                    client={client}
                    source={source}
                    nameContains={nameContains}
                    status={status}
                    onOpen={job => props.onOpenJob(source, job)}
                    refresh={listRefresh}
                    onRetry={sources.refreshError ? doRefresh : undefined}
                    pollInterval={props.pollInterval ?? 15}
                    active={props.active}
                  />
                ) : (
                  <ExperimentsView
                    client={client}
                    source={source}
                    nameContains={nameContains}
                    onOpen={job => props.onOpenJob(source, job)}
                    refresh={listRefresh}
                  />
                )}
              </div>
            </>
          );
        }}
      </AsyncView>
    </div>
  );
}
