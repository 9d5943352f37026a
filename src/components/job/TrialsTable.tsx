/**
 * The Trials leaderboard: best model pinned on top, sortable by any column,
 * filterable, keyboard navigable and virtualised (fixed row height; only the
 * visible rows are in the DOM), with CSV copy / download.
 *
 * (About 690 lines: one grid whose keyboard model, sorting, pinning, marking
 * for comparison, column sizing, virtual rows and saved state read the same
 * state; the pure parts live in lib/leaderboard.ts.)
 */
import * as React from 'react';
import { ICandidate, IObjective } from '../../api';
import {
  IColumn,
  ISortState,
  MetricSet,
  availableSets,
  buildColumns,
  filterCandidates,
  isBest,
  nextSort,
  sortCandidates,
  statuses,
  toCSV
} from '../../lib/leaderboard';
import { formatDecimal, formatDuration, formatTime } from '../../lib/format';
import {
  StatusBadge,
  copyText,
  downloadBlob,
  Empty,
  useTrans
} from '../common/common';

export const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 34;
const OVERSCAN = 8;
/** Used when the browser reports no height (hidden, or jsdom). */
const FALLBACK_VIEWPORT = 600;

/** What the user set in a trials table; kept with the tab (layout restorer) and restored after a reload. */
export interface ITrialsViewState {
  sort: ISortState | null;
  text: string;
  status: string;
  set: MetricSet;
  pinBest: boolean;
}

/** The saved state of the table and where changes go (a job tab provides it; an output has none). */
export const TrialsStateContext = React.createContext<{
  initial?: Partial<ITrialsViewState>;
  onChange?: (state: ITrialsViewState) => void;
}>({});

export interface ITrialsTableProps {
  candidates: ICandidate[];
  objective?: IObjective | null;
  bestCandidate?: string | null;
  source: string;
  jobName: string;
  /** Open a candidate's model details (Enter / double-click). */
  onOpen?: (candidate: string) => void;
  /** Fixed height of the grid (MIME output); otherwise it fills its parent. */
  height?: number;
  /** Compare the marked trials (2 to 4); absent: no marking. */
  onCompare?: (candidates: string[]) => void;
}

/** How many trials a comparison takes. */
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;
/** Room the compare checkbox takes before the name. */
const CHECK_WIDTH = 24;

/** Bounds of the trial-name column, sized to the longest name (and the best's badge). */
export const NAME_MIN_WIDTH = 280;
export const NAME_MAX_WIDTH = 460;
/** Room the "Best" badge takes before the name. */
const BADGE_WIDTH = 52;

/**
 * Width of the trial-name column: wide enough for the longest name (the best row's in bold,
 * after its badge) up to a cap; a longer name ends with an ellipsis and has its full text in
 * the cell's tooltip.
 */
export function nameColumnWidth(
  candidates: ICandidate[],
  bestCandidate?: string | null
): number {
  let widest = 0;
  for (const c of candidates) {
    const best = isBest(c, bestCandidate);
    // ~7.6px a character in bold UI font (wide fonts such as DejaVu Sans included), padding 16px
    const w =
      Math.ceil(String(c.name || '').length * 7.6) +
      20 +
      (best ? BADGE_WIDTH : 0);
    widest = Math.max(widest, w);
  }
  return Math.min(NAME_MAX_WIDTH, Math.max(NAME_MIN_WIDTH, widest));
}

function columnWidth(col: IColumn, nameWidth: number = NAME_MIN_WIDTH): number {
  switch (col.id) {
    case 'name':
      return nameWidth;
    case 'objective':
      return 190;
    case 'status':
      return 110;
    case 'start':
    case 'end':
      return 160;
    case 'duration':
      return 100;
    default:
      return 130;
  }
}

function cellText(col: IColumn, c: ICandidate): string {
  const v = col.value(c);
  switch (col.kind) {
    case 'number':
      return formatDecimal(v as number | null);
    case 'time':
      return formatTime(v as string | null);
    case 'duration':
      return formatDuration(v as number | null);
    default:
      return v === null || v === undefined ? '—' : String(v);
  }
}

export function TrialsTable(props: ITrialsTableProps): JSX.Element {
  const trans = useTrans();
  const { candidates, objective, bestCandidate } = props;
  const sets = React.useMemo(() => availableSets(candidates), [candidates]);
  const saved = React.useContext(TrialsStateContext);
  const initial = saved.initial ?? {};
  const [metricSet, setMetricSet] = React.useState<MetricSet>(
    initial.set ?? 'Validation'
  );
  const effectiveSet: MetricSet =
    sets.indexOf(metricSet) >= 0 || sets.length === 0 ? metricSet : sets[0];
  const [sort, setSort] = React.useState<ISortState | null>(
    initial.sort ?? null
  );
  const [statusFilter, setStatusFilter] = React.useState(initial.status ?? '');
  const [text, setText] = React.useState(initial.text ?? '');
  // the best model on top whatever the sort (on by default); off, it sorts like any row
  const [pinBest, setPinBest] = React.useState(initial.pinBest ?? true);
  const onStateChange = React.useRef(saved.onChange);
  onStateChange.current = saved.onChange;
  const firstState = React.useRef(true);
  React.useEffect(() => {
    if (firstState.current) {
      firstState.current = false;
      return;
    }
    onStateChange.current?.({
      sort,
      text,
      status: statusFilter,
      set: metricSet,
      pinBest
    });
  }, [sort, text, statusFilter, metricSet, pinBest]);
  const [selected, setSelected] = React.useState<string | null>(null);
  const [scrollTop, setScrollTop] = React.useState(0);
  const [viewport, setViewport] = React.useState(0);
  const [copied, setCopied] = React.useState(false);
  const gridRef = React.useRef<HTMLDivElement>(null);
  /** Focus the sort button of column `i` (the headers are reached with the arrow keys). */
  const focusHeader = (i: number) => {
    const buttons =
      gridRef.current?.querySelectorAll<HTMLButtonElement>(
        '.jp-autopilot-sort'
      ) ?? [];
    buttons[Math.max(0, Math.min(buttons.length - 1, i))]?.focus();
  };
  const onHeaderKeyDown = (event: React.KeyboardEvent, i: number) => {
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      focusHeader(i + (event.key === 'ArrowRight' ? 1 : -1));
    } else if (event.key === 'ArrowDown') {
      gridRef.current?.focus();
      if (selectedIndex < 0 && rows.length) {
        setSelected(rows[0].name);
      }
    } else {
      return; // Enter and Space: the button sorts
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const labels = React.useMemo(
    () => ({
      name: trans.__('Trial name'),
      objective: trans.__('Objective'),
      status: trans.__('Status'),
      start: trans.__('Start time'),
      end: trans.__('End time'),
      duration: trans.__('Duration')
    }),
    [trans]
  );
  const columns = React.useMemo(
    () => buildColumns(candidates, objective, effectiveSet, labels),
    [candidates, objective, effectiveSet, labels]
  );
  const rows = React.useMemo(
    () =>
      sortCandidates(
        filterCandidates(candidates, statusFilter, text),
        columns,
        sort,
        bestCandidate,
        pinBest
      ),
    [candidates, statusFilter, text, columns, sort, bestCandidate, pinBest]
  );
  const allStatuses = React.useMemo(() => statuses(candidates), [candidates]);
  const canCompare = !!props.onCompare;
  const nameWidth = React.useMemo(
    () =>
      nameColumnWidth(candidates, bestCandidate) +
      (canCompare ? CHECK_WIDTH : 0),
    [candidates, bestCandidate, canCompare]
  );
  const template = columns.map(c => `${columnWidth(c, nameWidth)}px`).join(' ');
  const totalWidth = columns.reduce((a, c) => a + columnWidth(c, nameWidth), 0);

  // Track the viewport height
  React.useLayoutEffect(() => {
    const el = gridRef.current;
    if (!el) {
      return;
    }
    const update = () => setViewport(el.clientHeight);
    update();
    if (typeof ResizeObserver !== 'undefined') {
      const ro = new ResizeObserver(update);
      ro.observe(el);
      return () => ro.disconnect();
    }
    return undefined;
  }, []);

  // The best model stays pinned under the header (sticky), whatever the sort
  // and the scroll position; the other rows are virtualised below it.
  const pinned =
    pinBest && rows.length > 0 && isBest(rows[0], bestCandidate)
      ? rows[0]
      : null;
  const offset = pinned ? 1 : 0;
  const rest = pinned ? rows.slice(1) : rows;
  const stickyHeight = HEADER_HEIGHT + (pinned ? ROW_HEIGHT : 0);
  const viewHeight =
    (viewport || props.height || FALLBACK_VIEWPORT) - stickyHeight;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    rest.length,
    Math.ceil((scrollTop + viewHeight) / ROW_HEIGHT) + OVERSCAN
  );
  const visible = rest.slice(first, last);
  const selectedIndex = selected
    ? rows.findIndex(r => r.name === selected)
    : -1;

  const scrollToIndex = (index: number) => {
    const el = gridRef.current;
    if (!el || index < offset) {
      return;
    }
    const top = (index - offset) * ROW_HEIGHT;
    const bottom = top + ROW_HEIGHT;
    if (top < el.scrollTop) {
      el.scrollTop = top;
      setScrollTop(top);
    } else if (bottom > el.scrollTop + viewHeight) {
      el.scrollTop = bottom - viewHeight;
      setScrollTop(bottom - viewHeight);
    }
  };

  const select = (index: number) => {
    if (rows.length === 0) {
      return;
    }
    const i = Math.max(0, Math.min(rows.length - 1, index));
    setSelected(rows[i].name);
    scrollToIndex(i);
  };

  // trials marked for comparison, in the order they were marked
  const [marked, setMarked] = React.useState<string[]>([]);
  const toggleMark = (name: string) =>
    setMarked(m =>
      m.includes(name)
        ? m.filter(n => n !== name)
        : m.length >= COMPARE_MAX
          ? m
          : [...m, name]
    );
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.target !== event.currentTarget) {
      return; // a header's sort button: Enter and Space sort, they never open a row
    }
    const page = Math.max(1, Math.floor(viewHeight / ROW_HEIGHT) - 1);
    if (
      (event.key === 'F10' && event.shiftKey) ||
      event.key === 'ContextMenu'
    ) {
      // the keyboard's way to the trial menu: opened on the highlighted row
      // this grid's highlighted row (ids repeat across a job tab and a notebook output)
      const row =
        gridRef.current?.querySelector<HTMLElement>(
          '.jp-autopilot-trial-row.jp-autopilot-mod-selected'
        ) ?? null;
      if (row) {
        const box = row.getBoundingClientRect();
        row.dispatchEvent(
          new MouseEvent('contextmenu', {
            bubbles: true,
            cancelable: true,
            clientX: box.left + 24,
            clientY: box.top + box.height / 2
          })
        );
      }
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    switch (event.key) {
      case 'ArrowDown':
        select(selectedIndex + 1);
        break;
      case 'ArrowUp':
        if (selectedIndex <= 0) {
          // above the first row: the column headers (one tab stop for the whole grid)
          focusHeader(0);
          break;
        }
        select(selectedIndex - 1);
        break;
      case 'PageDown':
        select(selectedIndex + page);
        break;
      case 'PageUp':
        select(selectedIndex - page);
        break;
      case 'Home':
        select(0);
        break;
      case 'End':
        select(rows.length - 1);
        break;
      case ' ':
        if (props.onCompare && selectedIndex >= 0) {
          toggleMark(rows[selectedIndex].name);
        } else {
          return;
        }
        break;
      case 'Enter':
        if (selectedIndex >= 0 && props.onOpen) {
          props.onOpen(rows[selectedIndex].name);
        }
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const csv = () => toCSV(rows, columns, bestCandidate);
  const onCopy = () => {
    copyText(csv()).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      },
      () => undefined
    );
  };
  const onDownload = () => {
    downloadBlob(
      new Blob([csv()], { type: 'text/csv;charset=utf-8' }),
      `${props.jobName}-leaderboard.csv`
    );
  };

  const renderRow = (
    c: ICandidate,
    index: number,
    style: React.CSSProperties,
    isPinned = false
  ) => {
    const best = isBest(c, bestCandidate);
    const isSelected = index === selectedIndex;
    return (
      <div
        key={c.name}
        id={`jp-autopilot-row-${props.jobName}-${index}`}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={isSelected}
        className={
          'jp-autopilot-trial-row' +
          (best ? ' jp-autopilot-best' : '') +
          (isPinned ? ' jp-autopilot-pinned' : '') +
          (isSelected ? ' jp-autopilot-mod-selected' : '')
        }
        data-candidate={c.name}
        data-job-name={props.jobName}
        data-source={props.source}
        style={style}
        onClick={event => {
          setSelected(c.name);
          if (props.onCompare && (event.ctrlKey || event.metaKey)) {
            toggleMark(c.name);
          }
        }}
        onContextMenu={() => setSelected(c.name)}
        onDoubleClick={() => props.onOpen && props.onOpen(c.name)}
      >
        {columns.map(col => (
          <div
            key={col.id}
            role="gridcell"
            className={`jp-autopilot-grid-td jp-autopilot-col-${col.kind}`}
            title={
              col.id === 'status' && c.failureReason
                ? c.failureReason
                : col.id === 'name'
                  ? best
                    ? trans.__('%1 (best model)', c.name)
                    : c.name
                  : undefined
            }
          >
            {col.id === 'name' ? (
              <>
                {props.onCompare ? (
                  <input
                    type="checkbox"
                    className="jp-autopilot-compare-check"
                    tabIndex={-1}
                    checked={marked.includes(c.name)}
                    disabled={
                      !marked.includes(c.name) && marked.length >= COMPARE_MAX
                    }
                    aria-label={trans.__('Compare %1', c.name)}
                    onClick={e => e.stopPropagation()}
                    onChange={() => toggleMark(c.name)}
                  />
                ) : null}
                {best ? (
                  <span className="jp-autopilot-best-badge">
                    {trans.__('Best')}
                  </span>
                ) : null}
                <span className="jp-autopilot-trial-name">{c.name}</span>
              </>
            ) : col.id === 'status' ? (
              <StatusBadge status={c.status} />
            ) : (
              cellText(col, c)
            )}
          </div>
        ))}
      </div>
    );
  };

  const toolbar = (
    <div className="jp-autopilot-toolbar jp-autopilot-trials-toolbar">
      <input
        type="search"
        className="jp-autopilot-input jp-autopilot-trials-filter"
        placeholder={trans.__('Filter trials')}
        aria-label={trans.__('Filter trials by name, status or failure reason')}
        value={text}
        onChange={e => setText(e.target.value)}
      />
      <select
        className="jp-autopilot-select jp-autopilot-trials-status"
        aria-label={trans.__('Filter by status')}
        value={statusFilter}
        onChange={e => setStatusFilter(e.target.value)}
      >
        <option value="">{trans.__('All statuses')}</option>
        {allStatuses.map(s => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      {sets.length > 1 ? (
        <div
          className="jp-autopilot-segmented"
          role="group"
          aria-label={trans.__('Metric set')}
        >
          {sets.map(s => (
            <button
              key={s}
              type="button"
              className={
                'jp-autopilot-segment' +
                (s === effectiveSet ? ' jp-autopilot-mod-active' : '')
              }
              aria-pressed={s === effectiveSet}
              onClick={() => setMetricSet(s)}
            >
              {s === 'Train'
                ? trans.__('Train')
                : s === 'Validation'
                  ? trans.__('Validation')
                  : trans.__('Test')}
            </button>
          ))}
        </div>
      ) : null}
      {bestCandidate ? (
        <button
          type="button"
          className={
            'jp-autopilot-button jp-autopilot-pin-best' +
            (pinBest ? ' jp-autopilot-mod-active' : '')
          }
          aria-pressed={pinBest}
          title={trans.__(
            'Keep the best model on top whatever the sort (off: it takes its place in the sort)'
          )}
          onClick={() => setPinBest(p => !p)}
        >
          {trans.__('Pin best model')}
        </button>
      ) : null}
      <span className="jp-autopilot-count" aria-live="polite">
        {rows.length === candidates.length
          ? trans._n('%1 trial', '%1 trials', candidates.length)
          : trans.__('%1 of %2 trials', rows.length, candidates.length)}
      </span>
      <span className="jp-autopilot-spacer" />
      {props.onCompare ? (
        <button
          type="button"
          className="jp-autopilot-button jp-autopilot-compare"
          disabled={marked.length < COMPARE_MIN}
          title={trans.__(
            'Mark %1 to %2 trials (their boxes, Ctrl-click, or Space on a row), then compare them side by side',
            COMPARE_MIN,
            COMPARE_MAX
          )}
          onClick={() => props.onCompare?.(marked)}
        >
          {marked.length
            ? trans.__('Compare (%1)', marked.length)
            : trans.__('Compare')}
        </button>
      ) : null}
      <button
        type="button"
        className="jp-autopilot-button"
        onClick={onCopy}
        disabled={rows.length === 0}
      >
        {copied ? trans.__('Copied') : trans.__('Copy as CSV')}
      </button>
      <button
        type="button"
        className="jp-autopilot-button"
        onClick={onDownload}
        disabled={rows.length === 0}
      >
        {trans.__('Download CSV')}
      </button>
    </div>
  );

  if (candidates.length === 0) {
    return (
      <div className="jp-autopilot-trials">
        <Empty>{trans.__('This job has no trials yet.')}</Empty>
      </div>
    );
  }

  return (
    <div className="jp-autopilot-trials">
      {toolbar}
      <div
        ref={gridRef}
        className="jp-autopilot-grid"
        role="grid"
        aria-label={trans.__('Trials of %1', props.jobName)}
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        aria-activedescendant={
          selectedIndex >= 0
            ? `jp-autopilot-row-${props.jobName}-${selectedIndex}`
            : undefined
        }
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={e => setScrollTop((e.target as HTMLDivElement).scrollTop)}
        style={props.height ? { height: props.height } : undefined}
      >
        <div className="jp-autopilot-grid-sticky" style={{ width: totalWidth }}>
          <div
            className="jp-autopilot-grid-header"
            role="row"
            aria-rowindex={1}
            style={{
              gridTemplateColumns: template,
              width: totalWidth,
              height: HEADER_HEIGHT
            }}
          >
            {columns.map((col, colIndex) => {
              const active = sort && sort.column === col.id;
              const ariaSort = active ? sort!.direction : 'none';
              return (
                <div
                  key={col.id}
                  role="columnheader"
                  aria-sort={ariaSort}
                  className={
                    'jp-autopilot-grid-th' +
                    (active ? ' jp-autopilot-mod-sorted' : '')
                  }
                  title={col.label}
                >
                  <button
                    type="button"
                    className="jp-autopilot-sort"
                    // one tab stop for the grid: headers are reached with ArrowUp from the rows
                    tabIndex={-1}
                    onKeyDown={e => onHeaderKeyDown(e, colIndex)}
                    onClick={() => setSort(nextSort(sort, col.id, col.kind))}
                  >
                    <span className="jp-autopilot-th-label">{col.label}</span>
                    <span
                      className="jp-autopilot-sort-indicator"
                      aria-hidden="true"
                    >
                      {active
                        ? sort!.direction === 'ascending'
                          ? '▲'
                          : '▼'
                        : ''}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
          {pinned
            ? renderRow(
                pinned,
                0,
                { height: ROW_HEIGHT, gridTemplateColumns: template },
                true
              )
            : null}
        </div>
        {rows.length === 0 ? (
          <Empty>{trans.__('No trials match the filter.')}</Empty>
        ) : (
          <div
            className="jp-autopilot-grid-body"
            role="rowgroup"
            style={{ height: rest.length * ROW_HEIGHT, width: totalWidth }}
          >
            {visible.map((c, k) =>
              renderRow(c, first + k + offset, {
                top: (first + k) * ROW_HEIGHT,
                height: ROW_HEIGHT,
                gridTemplateColumns: template
              })
            )}
          </div>
        )}
      </div>
    </div>
  );
}
