/**
 * Leaderboard logic of the Trials table: columns, sorting, filtering, CSV.
 * Pure functions, unit tested.
 */
import { ICandidate, IObjective } from '../api';
import { durationSeconds, parseTime } from './format';

export type MetricSet = 'Train' | 'Validation' | 'Test';

export type ColumnKind = 'text' | 'number' | 'time' | 'duration';

export interface IColumn {
  /** Stable id: `name`, `objective`, `status`, `metric:<name>`, `start`, `end`, `duration`. */
  id: string;
  /** Header text (not translated for metric names). */
  label: string;
  /** The CSV header when the grid's header relies on the view (the metric set shown). */
  csvLabel?: string;
  kind: ColumnKind;
  /** Value used for sorting and CSV. */
  value: (c: ICandidate) => string | number | null;
}

export type SortDirection = 'ascending' | 'descending';

export interface ISortState {
  column: string;
  direction: SortDirection;
}

/** The metric value of a candidate for a given metric name and set. */
export function metricValue(
  c: ICandidate,
  name: string,
  set: MetricSet
): number | null {
  const wanted = set.toLowerCase();
  for (const m of c.metrics || []) {
    if (m.name === name && (m.set || 'Validation').toLowerCase() === wanted) {
      return typeof m.value === 'number' ? m.value : null;
    }
  }
  return null;
}

/** Metric names present for a set, in first-seen order. */
export function metricNames(
  candidates: ICandidate[],
  set: MetricSet
): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const wanted = set.toLowerCase();
  for (const c of candidates) {
    for (const m of c.metrics || []) {
      if (
        (m.set || 'Validation').toLowerCase() === wanted &&
        !seen.has(m.name)
      ) {
        seen.add(m.name);
        names.push(m.name);
      }
    }
  }
  return names;
}

/** Which metric sets exist in the data. */
export function availableSets(candidates: ICandidate[]): MetricSet[] {
  const sets: MetricSet[] = [];
  for (const s of ['Train', 'Validation', 'Test'] as MetricSet[]) {
    if (metricNames(candidates, s).length > 0) {
      sets.push(s);
    }
  }
  return sets;
}

export interface IColumnLabels {
  name: string;
  objective: string;
  status: string;
  start: string;
  end: string;
  duration: string;
}

export const DEFAULT_LABELS: IColumnLabels = {
  name: 'Trial name',
  objective: 'Objective',
  status: 'Status',
  start: 'Start time',
  end: 'End time',
  duration: 'Duration'
};

/**
 * Header of the objective column: `Objective: F1 (maximize)`. Words, not an
 * arrow: an arrow in a header reads as the column's sort state.
 */
export function objectiveHeader(
  objective: IObjective | null | undefined,
  label = 'Objective'
): string {
  if (!objective || !objective.metric) {
    return label;
  }
  const dir = objective.direction
    ? objective.direction.toLowerCase().startsWith('max')
      ? ' (maximize)'
      : ' (minimize)'
    : '';
  return `${label}: ${objective.metric}${dir}`;
}

/** The columns of the table for a metric set. */
export function buildColumns(
  candidates: ICandidate[],
  objective: IObjective | null | undefined,
  set: MetricSet,
  labels: IColumnLabels = DEFAULT_LABELS
): IColumn[] {
  const columns: IColumn[] = [
    { id: 'name', label: labels.name, kind: 'text', value: c => c.name },
    {
      id: 'objective',
      label: objectiveHeader(objective, labels.objective),
      // the objective value is the final objective metric: computed on the validation data
      csvLabel: `${objectiveHeader(objective, labels.objective)} [Validation]`,
      kind: 'number',
      value: c =>
        typeof c.objectiveValue === 'number' ? c.objectiveValue : null
    },
    { id: 'status', label: labels.status, kind: 'text', value: c => c.status }
  ];
  for (const name of metricNames(candidates, set)) {
    columns.push({
      id: `metric:${name}`,
      label: name,
      csvLabel: `${name} [${set}]`,
      kind: 'number',
      value: c => metricValue(c, name, set)
    });
  }
  columns.push(
    {
      id: 'start',
      label: labels.start,
      kind: 'time',
      value: c => c.creationTime ?? null
    },
    {
      id: 'end',
      label: labels.end,
      kind: 'time',
      value: c => c.endTime ?? null
    },
    {
      id: 'duration',
      label: labels.duration,
      kind: 'duration',
      value: c => durationSeconds(c.creationTime, c.endTime)
    }
  );
  return columns;
}

function sortKey(column: IColumn, c: ICandidate): string | number | null {
  const v = column.value(c);
  if (v === null || v === undefined || v === '') {
    return null;
  }
  if (column.kind === 'time') {
    return parseTime(String(v));
  }
  return v;
}

/** Is the best candidate (by flag or by name)? */
export function isBest(
  c: ICandidate,
  bestName: string | null | undefined
): boolean {
  return !!c.isBest || (!!bestName && c.name === bestName);
}

/**
 * Sort candidates by a column. With `pinBest` (the default) the best candidate
 * is first whatever the sort; empty values always last; ties keep the server's
 * order (stable). With no sort state, the server's order is kept (best first,
 * then objective).
 */
export function sortCandidates(
  candidates: ICandidate[],
  columns: IColumn[],
  sort: ISortState | null,
  bestName?: string | null,
  pinBest = true
): ICandidate[] {
  const indexed = candidates.map((c, i) => ({ c, i }));
  const column = sort ? columns.find(col => col.id === sort.column) : undefined;
  const sign = sort && sort.direction === 'descending' ? -1 : 1;
  indexed.sort((a, b) => {
    const ab = pinBest && isBest(a.c, bestName);
    const bb = pinBest && isBest(b.c, bestName);
    if (ab !== bb) {
      return ab ? -1 : 1;
    }
    if (column) {
      const ka = sortKey(column, a.c);
      const kb = sortKey(column, b.c);
      if (ka === null && kb !== null) {
        return 1;
      }
      if (kb === null && ka !== null) {
        return -1;
      }
      if (ka !== null && kb !== null && ka !== kb) {
        if (typeof ka === 'number' && typeof kb === 'number') {
          return (ka - kb) * sign;
        }
        return (
          String(ka).localeCompare(String(kb), undefined, {
            numeric: true,
            sensitivity: 'base'
          }) * sign
        );
      }
    }
    return a.i - b.i;
  });
  return indexed.map(x => x.c);
}

/** Next sort state when a header is clicked: ascending → descending → none. */
export function nextSort(
  current: ISortState | null,
  column: string,
  kind?: ColumnKind
): ISortState | null {
  if (!current || current.column !== column) {
    // numbers and times start descending (largest / latest first)
    const first: SortDirection =
      kind && kind !== 'text' ? 'descending' : 'ascending';
    return { column, direction: first };
  }
  const firstWasDesc = kind && kind !== 'text';
  if (firstWasDesc) {
    return current.direction === 'descending'
      ? { column, direction: 'ascending' }
      : null;
  }
  return current.direction === 'ascending'
    ? { column, direction: 'descending' }
    : null;
}

/**
 * Filter by status (empty = all) and by free text (name, status or failure
 * reason, case-insensitive). The best candidate is kept only if it matches.
 */
export function filterCandidates(
  candidates: ICandidate[],
  status: string,
  text: string
): ICandidate[] {
  const needle = text.trim().toLowerCase();
  return candidates.filter(c => {
    if (status && c.status !== status) {
      return false;
    }
    if (!needle) {
      return true;
    }
    return (
      c.name.toLowerCase().includes(needle) ||
      (c.status || '').toLowerCase().includes(needle) ||
      (c.failureReason || '').toLowerCase().includes(needle)
    );
  });
}

/** The distinct statuses, in order of first appearance. */
export function statuses(candidates: ICandidate[]): string[] {
  const out: string[] = [];
  for (const c of candidates) {
    if (c.status && out.indexOf(c.status) < 0) {
      out.push(c.status);
    }
  }
  return out;
}

/** Quote a CSV field (RFC 4180), and defuse spreadsheet formulas. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  let s =
    typeof value === 'number'
      ? isFinite(value)
        ? String(value)
        : ''
      : String(value);
  // A cell starting with = + - @ (or tab/CR) is run as a formula by spreadsheet
  // programs; data from AWS must not be (CSV injection). Numbers are exempt.
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(s)) {
    s = `'${s}`;
  }
  if (/[",\r\n]/.test(s)) {
    return `"${s.replace(/"/g, '""')}"`;
  }
  return s;
}

/** The leaderboard as CSV (header + one line per candidate, with an is_best column). */
export function toCSV(
  candidates: ICandidate[],
  columns: IColumn[],
  bestName?: string | null
): string {
  const header = columns.map(c => csvField(c.csvLabel ?? c.label));
  header.push('is_best');
  const lines = [header.join(',')];
  for (const cand of candidates) {
    const row = columns.map(col => csvField(col.value(cand)));
    row.push(isBest(cand, bestName) ? 'true' : 'false');
    lines.push(row.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
