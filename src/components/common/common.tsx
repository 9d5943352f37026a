/**
 * Shared React pieces: async data hook, loading / error / empty states,
 * status badges, tabs, copy buttons. Every string is rendered as React text.
 */
import * as React from 'react';
import { TranslationBundle, nullTranslator } from '@jupyterlab/translation';
import { AutopilotApiError } from '../../api';
import { clock, zone } from '../../lib/format';

export const defaultTrans: TranslationBundle =
  nullTranslator.load('jupyter-autopilot');

/** The translation bundle of every view below a provider (the widgets and the MIME renderer provide it). */
export const TransContext =
  React.createContext<TranslationBundle>(defaultTrans);

/** The translation bundle in effect (English without a provider). */
export function useTrans(): TranslationBundle {
  return React.useContext(TransContext);
}

export type AsyncState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown };

export interface IAsync<T> {
  state: AsyncState<T>;
  /** Re-fetch, showing the loading state (Retry). */
  reload: () => void;
  /**
   * Re-fetch silently, keeping the current data on screen (Refresh, polling).
   * Resolves with true when new data were stored; false when the fetch failed
   * (see `refreshError`) or was superseded by a newer one. Never rejects.
   */
  refresh: () => Promise<boolean>;
  /**
   * The error of the last refresh that failed while data were shown (the data
   * stay on screen); null once a refresh or a reload succeeds.
   */
  refreshError: unknown | null;
}

/**
 * Run `load` when `deps` change. `refresh` keeps what is shown until the new
 * data arrive (so polling never flashes a spinner nor resets the view); when it
 * fails, the data stay and the error is kept in `refreshError` for the view to
 * show (a refresh must never fail silently).
 */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: React.DependencyList
): IAsync<T> {
  const [state, setState] = React.useState<AsyncState<T>>({
    status: 'loading'
  });
  const [refreshError, setRefreshError] = React.useState<unknown | null>(null);
  const [generation, setGeneration] = React.useState(0);
  const mounted = React.useRef(true);
  const loadRef = React.useRef(load);
  loadRef.current = load;
  const stateRef = React.useRef(state);
  stateRef.current = state;
  const seq = React.useRef(0);

  React.useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  React.useEffect(() => {
    const mine = ++seq.current;
    setState({ status: 'loading' });
    setRefreshError(null);
    loadRef.current().then(
      data => {
        if (mounted.current && mine === seq.current) {
          setState({ status: 'ready', data });
        }
      },
      error => {
        if (mounted.current && mine === seq.current) {
          setState({ status: 'error', error });
        }
      }
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);

  const reload = React.useCallback(() => setGeneration(g => g + 1), []);
  const refresh = React.useCallback(async (): Promise<boolean> => {
    const mine = ++seq.current;
    let data: T;
    try {
      data = await loadRef.current();
    } catch (error) {
      if (mounted.current && mine === seq.current) {
        if (stateRef.current.status === 'ready') {
          // keep the data on screen and say that the refresh failed
          setRefreshError(error);
        } else {
          setRefreshError(null);
          setState({ status: 'error', error });
        }
      }
      return false;
    }
    if (mounted.current && mine === seq.current) {
      setState({ status: 'ready', data });
      setRefreshError(null);
      return true;
    }
    return false;
  }, []);
  return { state, reload, refresh, refreshError };
}

/** The message of any error, as text. */
export function errorMessage(
  error: unknown,
  trans: TranslationBundle = defaultTrans
): string {
  if (error instanceof AutopilotApiError) {
    return error.message;
  }
  if (error instanceof Error && error.message) {
    return error.message;
  }
  if (typeof error === 'string' && error) {
    return error;
  }
  return trans.__('An unexpected error occurred.');
}

export function Loading(props: { label?: string }) {
  const trans = useTrans();
  return (
    <div className="jp-autopilot-loading" role="status" aria-live="polite">
      <span className="jp-autopilot-spinner" aria-hidden="true" />
      <span>{props.label ?? trans.__('Loading…')}</span>
    </div>
  );
}

export function ErrorNotice(props: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
  /** One line: "<title> (<status>): <message> [Retry]" (e.g. a failed refresh above kept data). */
  compact?: boolean;
  /** Label of the Retry button. */
  retryLabel?: string;
  /** Disable Retry (a retry is running). */
  retrying?: boolean;
  className?: string;
  children?: React.ReactNode;
}) {
  const trans = useTrans();
  const status =
    props.error instanceof AutopilotApiError && props.error.status
      ? props.error.status
      : null;
  return (
    <div
      className={
        'jp-autopilot-error' +
        (props.compact ? ' jp-autopilot-error-compact' : '') +
        (props.className ? ` ${props.className}` : '')
      }
      role="alert"
    >
      <div className="jp-autopilot-error-title">
        {props.title ?? trans.__('Could not load this view')}
        {status ? (
          <span className="jp-autopilot-error-status">{` (${status})`}</span>
        ) : null}
        {props.compact ? ':' : null}
      </div>
      <div className="jp-autopilot-error-message">
        {errorMessage(props.error, trans)}
      </div>
      {props.children}
      {props.onRetry ? (
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-mod-accept jp-autopilot-retry"
          onClick={props.onRetry}
          disabled={props.retrying}
        >
          {props.retryLabel ?? trans.__('Retry')}
        </button>
      ) : null}
    </div>
  );
}

/**
 * A refresh (or a poll) failed while the last good data stay on screen:
 * "Refresh failed: <server message>" with Retry.
 */
export function RefreshFailed(props: {
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
  /** When the data on screen were last fetched. */
  lastUpdate?: Date | null;
}) {
  const trans = useTrans();
  return (
    <ErrorNotice
      error={props.error}
      onRetry={props.onRetry}
      retrying={props.retrying}
      title={trans.__('Refresh failed')}
      compact
      className="jp-autopilot-refresh-error"
    >
      <div className="jp-autopilot-error-note">
        {props.lastUpdate
          ? trans.__(
              'Showing the data of %1.',
              `${clock(props.lastUpdate)} ${zone(props.lastUpdate)}`
            )
          : trans.__('Showing the data loaded before.')}
      </div>
    </ErrorNotice>
  );
}

export function Empty(props: { children: React.ReactNode }) {
  return <div className="jp-autopilot-empty">{props.children}</div>;
}

/** An informational notice (e.g. "explainability not available: <reason>"). */
export function Notice(props: { title?: string; children?: React.ReactNode }) {
  return (
    <div className="jp-autopilot-notice" role="note">
      {props.title ? (
        <div className="jp-autopilot-notice-title">{props.title}</div>
      ) : null}
      {props.children ? (
        <div className="jp-autopilot-notice-body">{props.children}</div>
      ) : null}
    </div>
  );
}

/** Render an async state: loading, error with Retry, or the children. */
export function AsyncView<T>(props: {
  async: IAsync<T>;
  children: (data: T) => React.ReactNode;
  loadingLabel?: string;
}): JSX.Element {
  const { state, reload } = props.async;
  if (state.status === 'loading') {
    return <Loading label={props.loadingLabel} />;
  }
  if (state.status === 'error') {
    return <ErrorNotice error={state.error} onRetry={reload} />;
  }
  return <>{props.children(state.data)}</>;
}

export function statusClass(status: string | null | undefined): string {
  const s = (status || 'unknown').toLowerCase().replace(/[^a-z]/g, '');
  return `jp-autopilot-status jp-autopilot-status-${s}`;
}

export function StatusBadge(props: {
  status: string | null | undefined;
  secondary?: string | null;
}) {
  const text = props.status || '—';
  return (
    <span
      className={statusClass(props.status)}
      title={props.secondary ? `${text} – ${props.secondary}` : text}
    >
      {text}
    </span>
  );
}

export interface ITab {
  id: string;
  label: string;
}

/** Accessible tab bar (arrow keys move between tabs). */
export function TabBar(props: {
  tabs: ITab[];
  current: string;
  onChange: (id: string) => void;
  idPrefix: string;
  label: string;
}) {
  const refs = React.useRef<Record<string, HTMLButtonElement | null>>({});
  const onKeyDown = (event: React.KeyboardEvent) => {
    const i = props.tabs.findIndex(t => t.id === props.current);
    let next = -1;
    if (event.key === 'ArrowRight') {
      next = (i + 1) % props.tabs.length;
    } else if (event.key === 'ArrowLeft') {
      next = (i - 1 + props.tabs.length) % props.tabs.length;
    } else if (event.key === 'Home') {
      next = 0;
    } else if (event.key === 'End') {
      next = props.tabs.length - 1;
    }
    if (next >= 0) {
      event.preventDefault();
      const id = props.tabs[next].id;
      props.onChange(id);
      refs.current[id]?.focus();
    }
  };
  return (
    <div
      className="jp-autopilot-tabbar"
      role="tablist"
      aria-label={props.label}
      onKeyDown={onKeyDown}
    >
      {props.tabs.map(tab => {
        const selected = tab.id === props.current;
        return (
          <button
            key={tab.id}
            ref={el => (refs.current[tab.id] = el)}
            type="button"
            role="tab"
            id={`${props.idPrefix}-tab-${tab.id}`}
            aria-selected={selected}
            aria-controls={`${props.idPrefix}-panel-${tab.id}`}
            tabIndex={selected ? 0 : -1}
            className={
              'jp-autopilot-tab' +
              (selected ? ' jp-autopilot-mod-selected' : '')
            }
            onClick={() => props.onChange(tab.id)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

export function TabPanel(props: {
  idPrefix: string;
  id: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <div
      role="tabpanel"
      id={`${props.idPrefix}-panel-${props.id}`}
      aria-labelledby={`${props.idPrefix}-tab-${props.id}`}
      className={
        'jp-autopilot-tabpanel' + (props.className ? ` ${props.className}` : '')
      }
    >
      {props.children}
    </div>
  );
}

/** Copy text to the clipboard (navigator.clipboard, with a textarea fallback). */
export async function copyText(text: string): Promise<void> {
  if (
    typeof navigator !== 'undefined' &&
    navigator.clipboard &&
    navigator.clipboard.writeText
  ) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    document.execCommand('copy');
  } finally {
    document.body.removeChild(area);
  }
}

export function CopyButton(props: { text: string; label: string }) {
  const trans = useTrans();
  const [copied, setCopied] = React.useState(false);
  return (
    <button
      type="button"
      className="jp-autopilot-icon-button jp-autopilot-copy"
      title={props.label}
      aria-label={props.label}
      onClick={() => {
        copyText(props.text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => undefined
        );
      }}
    >
      {copied ? trans.__('Copied') : trans.__('Copy')}
    </button>
  );
}

/** A header button copying a Python snippet that reproduces the view; "Copied" for a moment. */
export function CopyPythonButton(props: { text: string }) {
  const trans = useTrans();
  const [copied, setCopied] = React.useState(false);
  React.useEffect(() => {
    if (!copied) {
      return;
    }
    const id = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(id);
  }, [copied]);
  return (
    <button
      type="button"
      className="jp-autopilot-button jp-autopilot-copy-python"
      title={trans.__('Copy Python code that shows this view in a notebook')}
      onClick={() => {
        copyText(props.text).then(
          () => setCopied(true),
          () => undefined
        );
      }}
    >
      {copied ? trans.__('Copied') : trans.__('Copy Python')}
    </button>
  );
}

/** Save a Blob / text as a file download (object URL we create; never a data URL from outside). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  document.body.removeChild(a);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A definition list of (term, value) pairs rendered as text. */
export function DefinitionList(props: {
  items: Array<[string, React.ReactNode]>;
  className?: string;
}) {
  return (
    <dl
      className={
        'jp-autopilot-dl' + (props.className ? ` ${props.className}` : '')
      }
    >
      {props.items.map(([term, value], i) => (
        <React.Fragment key={`${term}-${i}`}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
}
