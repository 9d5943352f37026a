/**
 * The "New AutoML job" form's values and the request body they make. The
 * rules (names, objectives per problem type, limits, defaults) come from the
 * server (`GET sources` → settings); the server checks every field again
 * (`POST {source}/job-preview`) and builds the exact request.
 */
import type { ICreateJobRequest, IUiSettings } from '../../api';

export type RunsOn = 'local' | 'aws';

export interface IJobFormValues {
  source: RunsOn;
  name: string;
  input: string;
  target: string;
  problemType: string;
  objective: string;
  mode: string;
  maxCandidates: string;
  maxRuntimeMinutes: string;
  outputPath: string;
  roleArn: string;
  volumeKmsKeyId: string;
  encryptInterContainer: boolean;
  subnets: string;
  securityGroupIds: string;
  tags: string;
}

/** The form's first values: the server's defaults, and a CSV when one was given. */
export function initialValues(
  settings: IUiSettings | null,
  source: RunsOn,
  input = ''
): IJobFormValues {
  return {
    source,
    name: '',
    input,
    target: '',
    problemType: '',
    objective: '',
    mode: '',
    maxCandidates: settings ? String(settings.defaultMaxCandidates) : '',
    maxRuntimeMinutes: '',
    outputPath: settings?.defaultOutputPath ?? '',
    roleArn: settings?.defaultRoleArn ?? '',
    volumeKmsKeyId: '',
    encryptInterContainer: false,
    subnets: '',
    securityGroupIds: '',
    tags: ''
  };
}

/** A job name made from a file name: what AWS accepts (letters, digits, hyphens). */
export function suggestName(path: string, maxLength = 32): string {
  const base = (path.split('/').pop() || '').replace(/\.csv$/i, '');
  const cleaned = base
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength - 6)
    .replace(/-+$/, '');
  const stamp = new Date().toISOString().slice(5, 10).replace('-', '');
  return cleaned ? `${cleaned}-${stamp}` : '';
}

function list(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map(s => s.trim())
    .filter(Boolean);
}

/** Tags written one per line as `key=value`; the line numbers of lines that are not. */
export function parseTags(text: string): {
  tags: Record<string, string>;
  bad: number[];
} {
  const tags: Record<string, string> = {};
  const bad: number[] = [];
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed) {
      return;
    }
    const at = trimmed.indexOf('=');
    if (at <= 0) {
      bad.push(i + 1);
      return;
    }
    tags[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1).trim();
  });
  return { tags, bad };
}

function whole(text: string): number | string | undefined {
  const t = text.trim();
  if (!t) {
    return undefined;
  }
  const n = Number(t);
  // not a whole number: sent as it is, so the server's message names the field
  return Number.isInteger(n) ? n : t;
}

/** The request body of the values (only what is set; AWS fields only for AWS). */
export function requestBody(values: IJobFormValues): ICreateJobRequest {
  const body: Record<string, unknown> = {
    name: values.name.trim(),
    input: values.input.trim(),
    target: values.target
  };
  if (values.problemType) {
    body.problemType = values.problemType;
  }
  if (values.objective) {
    body.objective = values.objective;
  }
  if (values.mode) {
    body.mode = values.mode;
  }
  const candidates = whole(values.maxCandidates);
  if (candidates !== undefined) {
    body.maxCandidates = candidates;
  }
  const minutes = values.maxRuntimeMinutes.trim();
  if (minutes) {
    const n = Number(minutes);
    body.maxRuntimeSeconds = Number.isFinite(n) ? Math.round(n * 60) : minutes;
  }
  if (values.source === 'aws') {
    if (values.outputPath.trim()) {
      body.outputPath = values.outputPath.trim();
    }
    if (values.roleArn.trim()) {
      body.roleArn = values.roleArn.trim();
    }
    const security: Record<string, unknown> = {};
    if (values.volumeKmsKeyId.trim()) {
      security.volumeKmsKeyId = values.volumeKmsKeyId.trim();
    }
    if (values.encryptInterContainer) {
      security.enableInterContainerTrafficEncryption = true;
    }
    const subnets = list(values.subnets);
    const groups = list(values.securityGroupIds);
    if (subnets.length || groups.length) {
      security.vpcConfig = { subnets, securityGroupIds: groups };
    }
    if (Object.keys(security).length) {
      body.security = security;
    }
    const { tags } = parseTags(values.tags);
    if (Object.keys(tags).length) {
      body.tags = tags;
    }
  }
  return body as unknown as ICreateJobRequest;
}

/** The objectives offered for a problem type ('' = infer: every objective). */
export function objectivesFor(
  settings: IUiSettings,
  problemType: string
): string[] {
  if (problemType && settings.objectives[problemType]) {
    return settings.objectives[problemType];
  }
  const all = new Set<string>();
  Object.values(settings.objectives).forEach(list =>
    list.forEach(m => all.add(m))
  );
  return Array.from(all).sort();
}
