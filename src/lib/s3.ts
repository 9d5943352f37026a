/**
 * S3 URIs → AWS console links that we build ourselves.
 *
 * A URL that comes from data is never used as an href: only a well-formed
 * `s3://bucket/key` URI (bucket validated against the S3 naming rules) turns
 * into a link, and the link is on the fixed console origin.
 */

export interface IS3Location {
  bucket: string;
  key: string;
}

// S3 bucket names: 3-63 chars, lowercase letters, digits, dots and hyphens,
// starting and ending with a letter or digit.
const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parse a strict `s3://bucket[/key]` URI, or null. */
export function parseS3Uri(uri: unknown): IS3Location | null {
  if (typeof uri !== 'string') {
    return null;
  }
  const m = /^s3:\/\/([^/?#\s]+)(?:\/(.*))?$/.exec(uri);
  if (!m) {
    return null;
  }
  const bucket = m[1];
  const key = m[2] ?? '';
  if (!BUCKET_RE.test(bucket) || bucket.includes('..')) {
    return null;
  }
  // control characters have no business in a key we link to
  if (Array.from(key).some(ch => ch.charCodeAt(0) < 0x20 || ch === '\u007f')) {
    return null;
  }
  return { bucket, key };
}

const CONSOLE = 'https://s3.console.aws.amazon.com/s3';

/**
 * The AWS S3 console URL of an object (or of a prefix when the key is empty
 * or ends with `/`), or null when the URI is not a well-formed S3 URI.
 */
export function s3ConsoleUrl(
  uri: unknown,
  region?: string | null
): string | null {
  const loc = parseS3Uri(uri);
  if (!loc) {
    return null;
  }
  const bucket = encodeURIComponent(loc.bucket);
  const regionParam =
    region && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region)
      ? `&region=${encodeURIComponent(region)}`
      : '';
  if (!loc.key || loc.key.endsWith('/')) {
    return `${CONSOLE}/buckets/${bucket}?prefix=${encodeURIComponent(loc.key)}${regionParam}`;
  }
  return `${CONSOLE}/object/${bucket}?prefix=${encodeURIComponent(loc.key)}${regionParam}`;
}

/** The documentation link of the Explainability tab (a constant, never from data). */
export const CLARIFY_DOCS_URL =
  'https://docs.aws.amazon.com/sagemaker/latest/dg/clarify-model-explainability.html';

const ARN_RE =
  /^arn:aws(-[a-z]+)*:sagemaker:([a-z]{2}(-[a-z]+)+-\d):(\d{12}):(training-job|processing-job|transform-job)\/([a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})$/;

const CONSOLE_PAGES: Record<string, string> = {
  'training-job': 'jobs',
  'processing-job': 'processing-jobs',
  'transform-job': 'transform-jobs'
};

/**
 * The SageMaker console page of a training / processing / transform job ARN
 * (validated, rebuilt from its parts), or null.
 */
export function sagemakerConsoleUrl(arn: unknown): string | null {
  if (typeof arn !== 'string') {
    return null;
  }
  const m = ARN_RE.exec(arn);
  if (!m || m[1]) {
    // only the standard partition has this console origin
    return null;
  }
  const region = m[2];
  const page = CONSOLE_PAGES[m[5]];
  const name = m[6];
  return `https://${region}.console.aws.amazon.com/sagemaker/home?region=${region}#/${page}/${encodeURIComponent(name)}`;
}
