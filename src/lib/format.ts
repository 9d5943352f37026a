/**
 * Formatting helpers (pure; unit tested).
 */

export const TERMINAL_STATUSES = ['Completed', 'Failed', 'Stopped'];

/** True when a job status will not change any more. */
export function isTerminal(status: string | null | undefined): boolean {
  return !!status && TERMINAL_STATUSES.indexOf(status) >= 0;
}

/** Parse a server timestamp (ISO 8601) to epoch milliseconds, or null. */
export function parseTime(value: string | null | undefined): number | null {
  if (!value) {
    return null;
  }
  const t = Date.parse(value);
  return isNaN(t) ? null : t;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** A local, sortable date-time: `2024-05-01 13:04:05`. */
export function formatTime(value: string | null | undefined): string {
  const t = parseTime(value);
  if (t === null) {
    return '—';
  }
  const d = new Date(t);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${clock(d)} ${zone(d)}`
  );
}

/** A time of day, 24 h: `14:05:09`. */
export function clock(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The browser's UTC offset at that date: `UTC`, `UTC+01:00`, `UTC-05:30`. */
export function zone(d: Date): string {
  const minutes = -d.getTimezoneOffset();
  if (minutes === 0) {
    return 'UTC';
  }
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A metric in a table column: always 4 decimals (trailing zeros kept, so the
 * decimals line up: 0.9590 over 0.9595); integers, tiny and huge values as
 * formatNumber shows them.
 */
export function formatDecimal(value: number | null | undefined): string {
  if (typeof value !== 'number' || !isFinite(value) || Number.isInteger(value)) {
    return formatNumber(value);
  }
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e7)) {
    return formatNumber(value);
  }
  return value.toFixed(4);
}

/** Seconds between two timestamps, or null. */
export function durationSeconds(
  start: string | null | undefined,
  end: string | null | undefined
): number | null {
  const a = parseTime(start);
  const b = parseTime(end);
  if (a === null || b === null || b < a) {
    return null;
  }
  return (b - a) / 1000;
}

/** `1h 02m 03s`, `4m 05s`, `12s`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) {
    return '—';
  }
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) {
    return `${h}h ${pad(m)}m ${pad(r)}s`;
  }
  if (m > 0) {
    return `${m}m ${pad(r)}s`;
  }
  return `${r}s`;
}

/** A metric value with up to 4 significant decimals; null → an em dash. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || typeof value !== 'number') {
    return '—';
  }
  if (!isFinite(value)) {
    return '—';
  }
  if (Number.isInteger(value)) {
    return String(value);
  }
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e7)) {
    return value.toExponential(3);
  }
  return String(Number(value.toFixed(4)));
}

/** Any JSON value shown as text (objects as compact JSON). */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (typeof value === 'number') {
    return formatNumber(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (typeof value === 'string') {
    return value;
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Arrow for an objective direction. */
export function directionArrow(direction: string | null | undefined): string {
  if (!direction) {
    return '';
  }
  return direction.toLowerCase().startsWith('max') ? '↑' : '↓';
}

const ACRONYMS: Record<string, string> = {
  id: 'ID',
  ids: 'IDs',
  kms: 'KMS',
  arn: 'ARN',
  vpc: 'VPC',
  s3: 'S3',
  uri: 'URI',
  url: 'URL',
  iam: 'IAM',
  ml: 'ML',
  automl: 'AutoML'
};

/** `completionCriteria` → `Completion criteria`, `volumeKmsKeyId` → `Volume KMS key ID`. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i) => {
      const acronym = ACRONYMS[w.toLowerCase()];
      if (acronym) {
        return acronym;
      }
      if (i > 0 && /^[A-Z][a-z]+$/.test(w)) {
        return w.toLowerCase();
      }
      return w;
    });
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A model-details tab's label: the part of the candidate's name that is its
 * own (Autopilot names candidates after their job), then the job, so that
 * truncated tabs still differ: "xgb-002 · churn-binary-v2".
 */
export function candidateTabLabel(job: string, candidate: string): string {
  let own = candidate;
  if (candidate.startsWith(job) && candidate.length > job.length) {
    own = candidate.slice(job.length).replace(/^[-_.]+/, '') || candidate;
  }
  return `${own} · ${job}`;
}
