/**
 * The "SageMaker resources" sidebar: source selector, AutoML jobs list
 * (search, status filter, paging) and the Experiments and trials view.
 */
import * as React from 'react';
import {
  AutopilotClient,
  IExperiment,
  IJobSummary,
  ISource,
  ITrialComponent
} from '../../api';
import { formatTime } from '../../lib/format';
import {
  AsyncView,
  Empty,
  ErrorNotice,
  Loading,
  RefreshFailed,
  StatusBadge,
  useAsync,
  useTrans
} from '../common/common';
import { useOnSignal, useSilentRefresh } from '../common/refresh';

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

interface IListItem {
  key: string;
  job: string | null;
  render: React.ReactNode;
}

/** A keyboard-navigable list (listbox) of items that may open a job. */
function ItemList(props: {
  items: IListItem[];
  source: string;
  label: string;
  onOpen: (job: string) => void;
  idPrefix: string;
}) {
  const [active, setActive] = React.useState(-1);
  const refs = React.useRef<Array<HTMLLIElement | null>>([]);
  const move = (i: number) => {
    if (props.items.length === 0) {
      return;
    }
    const n = Math.max(0, Math.min(props.items.length - 1, i));
    setActive(n);
    const el = refs.current[n];
    if (el && el.scrollIntoView) {
      el.scrollIntoView({ block: 'nearest' });
    }
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    switch (event.key) {
      case 'ArrowDown':
        move(active + 1);
        break;
      case 'ArrowUp':
        move(active <= 0 ? 0 : active - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(props.items.length - 1);
        break;
      case 'Enter': {
        const item = props.items[active];
        if (item && item.job) {
          props.onOpen(item.job);
        }
        break;
      }
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <ul
      className="jp-autopilot-list"
      role="listbox"
      aria-label={props.label}
      tabIndex={0}
      aria-activedescendant={
        active >= 0 ? `${props.idPrefix}-${active}` : undefined
      }
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (active < 0 && props.items.length) {
          setActive(0);
        }
      }}
    >
      {props.items.map((item, i) => (
        <li
          key={item.key}
          id={`${props.idPrefix}-${i}`}
          ref={el => (refs.current[i] = el)}
          role="option"
          aria-selected={i === active}
          className={
            (item.job ? 'jp-autopilot-job-item' : 'jp-autopilot-list-item') +
            (i === active ? ' jp-autopilot-mod-selected' : '')
          }
          data-job-name={item.job ?? undefined}
          data-source={item.job ? props.source : undefined}
          title={item.job ? undefined : undefined}
          onClick={() => setActive(i)}
          onContextMenu={() => setActive(i)}
          onDoubleClick={() => item.job && props.onOpen(item.job)}
        >
          {item.render}
        </li>
      ))}
    </ul>
  );
}

function JobsList(props: {
  client: AutopilotClient;
  source: string;
  nameContains: string;
  status: string;
  onOpen: (job: string) => void;
  refresh: number;
  /** Retry after a failed list: also redo what else failed (the sources). */
  onRetry?: () => void;
}) {
  const { client, source, nameContains, status } = props;
  const trans = useTrans();
  const [jobs, setJobs] = React.useState<IJobSummary[]>([]);
  const [nextToken, setNextToken] = React.useState<string | null>(null);
  // loading: nothing to show yet; refreshing: the list stays while it is re-fetched
  const [busy, setBusy] = React.useState<
    'loading' | 'refreshing' | 'more' | null
  >('loading');
  const [error, setError] = React.useState<unknown>(null);
  const [attempt, setAttempt] = React.useState(0);
  // what the shown error came from: the list itself, or "Load more" (Retry redoes that)
  const [failed, setFailed] = React.useState<'list' | 'more'>('list');
  const seq = React.useRef(0);

  React.useEffect(() => {
    const mine = ++seq.current;
    setBusy(jobs.length ? 'refreshing' : 'loading');
    client.listJobs(source, { nameContains, status }).then(
      r => {
        if (mine === seq.current) {
          setJobs(r.jobs || []);
          setNextToken(r.nextToken || null);
          setError(null);
          setBusy(null);
        }
      },
      e => {
        if (mine === seq.current) {
          // the jobs already listed stay; the error says the refresh failed
          setError(e);
          setFailed('list');
          setBusy(null);
        }
      }
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, source, nameContains, status, props.refresh, attempt]);

  const loadMore = () => {
    if (!nextToken) {
      return;
    }
    const mine = ++seq.current;
    setBusy('more');
    client.listJobs(source, { nameContains, status, nextToken }).then(
      r => {
        if (mine === seq.current) {
          setJobs(prev => {
            const seen = new Set(prev.map(j => j.name));
            return prev.concat((r.jobs || []).filter(j => !seen.has(j.name)));
          });
          setNextToken(r.nextToken || null);
          setError(null);
          setBusy(null);
        }
      },
      e => {
        if (mine === seq.current) {
          setError(e);
          setFailed('more');
          setBusy(null);
        }
      }
    );
  };
  const retryList = () => {
    setAttempt(a => a + 1);
    props.onRetry?.();
  };

  if (busy === 'loading') {
    return <Loading label={trans.__('Loading AutoML jobs…')} />;
  }
  if (error !== null && jobs.length === 0) {
    return <ErrorNotice error={error} onRetry={retryList} />;
  }
  if (jobs.length === 0) {
    return (
      <Empty>
        {nameContains || status
          ? trans.__('No AutoML jobs match the search.')
          : trans.__('No AutoML jobs found in this source.')}
      </Empty>
    );
  }
  const items: IListItem[] = jobs.map(j => ({
    key: j.name,
    job: j.name,
    render: (
      <div className="jp-autopilot-item-body" title={j.failureReason || j.name}>
        <div className="jp-autopilot-item-line">
          <span className="jp-autopilot-item-name">{j.name}</span>
          <StatusBadge status={j.status} secondary={j.secondaryStatus} />
        </div>
        <div className="jp-autopilot-item-meta">
          {trans.__('Created %1', formatTime(j.creationTime))}
        </div>
      </div>
    )
  }));
  return (
    <>
      {error !== null && failed === 'list' ? (
        <RefreshFailed
          error={error}
          onRetry={retryList}
          retrying={busy !== null}
        />
      ) : null}
      <ItemList
        items={items}
        source={source}
        label={trans.__('AutoML jobs')}
        onOpen={props.onOpen}
        idPrefix={`jp-autopilot-jobs-${source}`}
      />
      {error !== null && failed === 'more' ? (
        <ErrorNotice
          error={error}
          title={trans.__('Could not load more jobs')}
          onRetry={loadMore}
          retrying={busy !== null}
        />
      ) : null}
      {nextToken ? (
        <button
          type="button"
          className="jp-autopilot-button jp-autopilot-load-more"
          onClick={loadMore}
          disabled={busy === 'more'}
        >
          {busy === 'more' ? trans.__('Loading…') : trans.__('Load more')}
        </button>
      ) : null}
    </>
  );
}

function ExperimentsView(props: {
  client: AutopilotClient;
  source: string;
  nameContains: string;
  onOpen: (job: string) => void;
  refresh: number;
}) {
  const { client, source } = props;
  const trans = useTrans();
  const data = useAsync(
    () =>
      Promise.all([
        client.experiments(source),
        client.trialComponents(source, true)
      ]).then(([e, t]) => ({
        experiments: e.experiments || [],
        components: t.trialComponents || []
      })),
    [client, source]
  );
  // Refresh keeps the lists on screen; a failure says so above them
  const { refreshing, doRefresh } = useSilentRefresh(data.refresh);
  useOnSignal(props.refresh, doRefresh);
  const needle = props.nameContains.trim().toLowerCase();
  const match = (name: string) =>
    !needle || name.toLowerCase().includes(needle);
  return (
    <>
      {data.refreshError ? (
        <RefreshFailed
          error={data.refreshError}
          onRetry={doRefresh}
          retrying={refreshing}
        />
      ) : null}
      <AsyncView
        async={data}
        loadingLabel={trans.__('Loading experiments and trials…')}
      >
        {({ experiments, components }) => {
          const exps = experiments.filter((e: IExperiment) => match(e.name));
          const comps = components.filter((c: ITrialComponent) =>
            match(c.name)
          );
          const expItems: IListItem[] = exps.map((e: IExperiment) => {
            const job = e.jobName;
            return {
              key: e.name,
              job,
              render: (
                <div className="jp-autopilot-item-body">
                  <div className="jp-autopilot-item-line">
                    <span className="jp-autopilot-item-name">
                      {e.displayName || e.name}
                    </span>
                  </div>
                  <div className="jp-autopilot-item-meta">
                    {job
                      ? trans.__('AutoML job: %1', job)
                      : trans.__('Not an AutoML experiment')}
                  </div>
                </div>
              )
            };
          });
          const compItems: IListItem[] = comps.map((c: ITrialComponent) => {
            const job = c.jobName;
            return {
              key: c.name,
              job,
              render: (
                <div className="jp-autopilot-item-body">
                  <div className="jp-autopilot-item-line">
                    <span className="jp-autopilot-item-name">
                      {c.displayName || c.name}
                    </span>
                    {c.status ? <StatusBadge status={c.status} /> : null}
                  </div>
                  <div className="jp-autopilot-item-meta">
                    {job
                      ? trans.__('AutoML job: %1', job)
                      : formatTime(c.creationTime)}
                  </div>
                </div>
              )
            };
          });
          return (
            <div className="jp-autopilot-experiments">
              <h3 className="jp-autopilot-sidebar-heading">
                {trans.__('Experiments')}
              </h3>
              {expItems.length ? (
                <ItemList
                  items={expItems}
                  source={source}
                  label={trans.__('Experiments')}
                  onOpen={props.onOpen}
                  idPrefix={`jp-autopilot-exp-${source}`}
                />
              ) : (
                <Empty>{trans.__('No experiments.')}</Empty>
              )}
              <h3 className="jp-autopilot-sidebar-heading">
                {trans.__('Unassigned trial components')}
              </h3>
              {compItems.length ? (
                <ItemList
                  items={compItems}
                  source={source}
                  label={trans.__('Unassigned trial components')}
                  onOpen={props.onOpen}
                  idPrefix={`jp-autopilot-tc-${source}`}
                />
              ) : (
                <Empty>{trans.__('No unassigned trial components.')}</Empty>
              )}
            </div>
          );
        }}
      </AsyncView>
    </>
  );
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
