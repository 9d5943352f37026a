/**
 * The sidebar's job list: pages of jobs, keyboard navigation, one item per job.
 */
import * as React from 'react';
import { AutopilotClient, IJobSummary } from '../../api';
import { formatTime, isTerminal } from '../../lib/format';
import { usePoll } from '../common/refresh';
import {
  Empty,
  ErrorNotice,
  Loading,
  RefreshFailed,
  StatusBadge,
  useTrans
} from '../common/common';

/** The job of the main area's current Autopilot tab (the sidebar's selection follows it). */
export const ActiveJobContext = React.createContext<{
  source: string;
  job: string;
} | null>(null);

export interface IListItem {
  key: string;
  job: string | null;
  render: React.ReactNode;
}

/** A keyboard-navigable list (listbox) of items that may open a job. */
export function ItemList(props: {
  items: IListItem[];
  source: string;
  label: string;
  onOpen: (job: string) => void;
  idPrefix: string;
}) {
  // the selection is an item (its key), never a position: a new list (another source, a
  // filter) does not select whatever lands at the same place
  const [activeKey, setActiveKey] = React.useState<string | null>(null);
  const active = props.items.findIndex(item => item.key === activeKey);
  const setActive = (i: number) =>
    setActiveKey(i >= 0 && i < props.items.length ? props.items[i].key : null);
  React.useEffect(() => setActiveKey(null), [props.source]);
  // follow the current tab of the main area
  const current = React.useContext(ActiveJobContext);
  React.useEffect(() => {
    if (current && current.source === props.source) {
      const item = props.items.find(i => i.job === current.job);
      if (item) {
        setActiveKey(item.key);
      }
    }
  }, [current, props.source, props.items]);
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

export function JobsList(props: {
  client: AutopilotClient;
  source: string;
  nameContains: string;
  status: string;
  onOpen: (job: string) => void;
  refresh: number;
  /** Retry after a failed list: also redo what else failed (the sources). */
  onRetry?: () => void;
  /** Seconds between refreshes while a listed job runs; 0 = off. */
  pollInterval?: number;
  /** False while the list is not on screen (the sidebar is collapsed): no polling. */
  active?: boolean;
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
  // while a listed job runs and the list is on screen, the first page is re-read and merged in:
  // statuses change in place, new jobs come on top, pages loaded with "Load more" stay
  const running = jobs.some(j => !isTerminal(j.status));
  usePoll(
    running && props.active !== false,
    props.pollInterval ?? 15,
    async () => {
      const mine = seq.current;
      try {
        const r = await client.listJobs(source, { nameContains, status });
        if (mine !== seq.current) {
          return; // the list was reloaded meanwhile
        }
        setJobs(prev => {
          const fresh = new Map((r.jobs || []).map(j => [j.name, j]));
          const seen = new Set(prev.map(j => j.name));
          const added = (r.jobs || []).filter(j => !seen.has(j.name));
          return [...added, ...prev.map(j => fresh.get(j.name) ?? j)];
        });
      } catch {
        // the next poll tries again; Refresh shows what is wrong
      }
    }
  );
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
