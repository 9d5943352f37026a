/**
 * Typed client of the jupyter_autopilot REST API (`{base_url}autopilot/api/`).
 *
 * Every request goes through `ServerConnection.makeRequest`, so the server's
 * token / XSRF handling applies; the client never sends a bucket, key, URI,
 * profile or endpoint: only a source id, a job name and a candidate name.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import type {
  IArtifacts,
  ICandidate,
  ICandidatesResponse,
  IComparison,
  ICreateJobRequest,
  IShapMatrix,
  IDeployRequest,
  IDeployments,
  IEndpoint,
  IExperimentsResponse,
  IExplainability,
  IJob,
  IJobPreview,
  IJobsResponse,
  INetwork,
  INotebookContent,
  IPerformance,
  IPredictions,
  IPredictionsRequest,
  ISourcesResponse,
  ITransformJob,
  ITransformRequest,
  ITrialComponentsResponse,
  IUiSettings,
  NotebookKind,
  ReportKind,
  SourceId
} from './types';

export interface IListJobsQuery {
  nameContains?: string;
  status?: string;
  nextToken?: string | null;
}

/**
 * An error answered by the server (or a network failure, status 0).
 */
export class AutopilotApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly url?: string,
    /** The request field the message is about (a 400 of a job request). */
    readonly field?: string,
    /** The server's stable error code (OutputExists, JobExists, ...). */
    readonly code?: string
  ) {
    super(message);
    this.name = 'AutopilotApiError';
  }

  /** True when the server could not be reached at all. */
  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

export const CANNOT_REACH_SERVER =
  'Cannot reach the Jupyter server. Check that it is still running and that your network connection works, then retry.';

const API_NAMESPACE = 'autopilot/api';

function statusMessage(status: number): string {
  switch (status) {
    case 400:
      return 'The request was rejected as malformed (400).';
    case 401:
      return 'Not authenticated (401): check your AWS credentials.';
    case 403:
      return 'Access denied (403).';
    case 404:
      return 'Not found (404).';
    case 429:
      return 'Too many requests (429): AWS is throttling; retry in a moment.';
    case 502:
      return 'Bad gateway (502).';
    case 503:
      return 'Service unavailable (503).';
    case 504:
      return 'The request timed out (504).';
    default:
      return `The server answered with an error (${status}).`;
  }
}

/** Turn a failed response into an `AutopilotApiError` with the server's message. */
export async function errorFromResponse(
  response: Response
): Promise<AutopilotApiError> {
  let message = '';
  let field: string | undefined;
  let code: string | undefined;
  try {
    const text = await response.text();
    if (text) {
      try {
        const body = JSON.parse(text);
        if (body && typeof body.message === 'string' && body.message) {
          message = body.message;
        } else if (body && typeof body.reason === 'string' && body.reason) {
          message = body.reason;
        }
        if (body && typeof body.field === 'string' && body.field) {
          field = body.field;
        }
        if (body && typeof body.code === 'string' && body.code) {
          code = body.code;
        }
      } catch {
        // not JSON (e.g. a proxy's HTML error page): never show it raw
      }
    }
  } catch {
    // unreadable body
  }
  if (!message) {
    message = statusMessage(response.status);
  }
  return new AutopilotApiError(
    message,
    response.status,
    response.url,
    field,
    code
  );
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment);
}

/**
 * The REST client. One async method per route of the API.
 */
export class AutopilotClient {
  constructor(serverSettings?: ServerConnection.ISettings) {
    this.serverSettings = serverSettings ?? ServerConnection.makeSettings();
  }

  readonly serverSettings: ServerConnection.ISettings;

  /** Full URL of an API path made of (unencoded) segments and a query. */
  url(segments: string[], query?: Record<string, string | null | undefined>) {
    const path = URLExt.join(
      this.serverSettings.baseUrl,
      API_NAMESPACE,
      ...segments.map(encodeSegment)
    );
    const params: Record<string, string> = {};
    if (query) {
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== null && value !== '') {
          params[key] = value;
        }
      }
    }
    const search = URLExt.objectToQueryString(params);
    return search && search !== '?' ? path + search : path;
  }

  /** Perform a request; resolve with the raw response, or throw an `AutopilotApiError`. */
  async request(
    segments: string[],
    query?: Record<string, string | null | undefined>,
    init: RequestInit = {}
  ): Promise<Response> {
    const url = this.url(segments, query);
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(
        url,
        init,
        this.serverSettings
      );
    } catch (error) {
      throw new AutopilotApiError(CANNOT_REACH_SERVER, 0, url);
    }
    if (!response.ok) {
      throw await errorFromResponse(response);
    }
    return response;
  }

  /** GET a JSON document. */
  async getJSON<T>(
    segments: string[],
    query?: Record<string, string | null | undefined>
  ): Promise<T> {
    const response = await this.request(segments, query);
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new AutopilotApiError(
        'The server answered with a response that is not valid JSON.',
        response.status,
        response.url
      );
    }
  }

  /** POST (or DELETE) a JSON body; the JSON answer. */
  async postJSON<T>(
    segments: string[],
    body: unknown,
    method: 'POST' | 'DELETE' = 'POST'
  ): Promise<T> {
    const response = await this.request(segments, undefined, {
      method,
      body: method === 'POST' ? JSON.stringify(body) : undefined,
      headers: { 'Content-Type': 'application/json' }
    });
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new AutopilotApiError(
        'The server answered with a response that is not valid JSON.',
        response.status,
        response.url
      );
    }
  }

  /** What creating this job would send, and each field's error; nothing is created. */
  previewJob(source: SourceId, body: ICreateJobRequest): Promise<IJobPreview> {
    return this.postJSON<IJobPreview>([source, 'job-preview'], body);
  }

  /** Create a job (local: queued to the local runner; aws: one CreateAutoMLJobV2). */
  createJob(source: SourceId, body: ICreateJobRequest): Promise<IJob> {
    return this.postJSON<IJob>([source, 'jobs'], body);
  }

  /** Stop a running job (local: its runner; aws: one StopAutoMLJob). */
  stopJob(source: SourceId, job: string): Promise<IJob> {
    return this.postJSON<IJob>([source, 'jobs', job, 'stop'], {});
  }

  /** Start computing a local candidate's missing explanation: its view, computing. */
  computeExplanation(
    source: SourceId,
    job: string,
    candidate: string
  ): Promise<IExplainability> {
    return this.postJSON<IExplainability>(
      [source, 'jobs', job, 'candidates', candidate, 'explanation'],
      {}
    );
  }

  /** A local candidate's predictions on a CSV under the Jupyter root, written beside it. */
  predict(
    source: SourceId,
    job: string,
    candidate: string,
    body: IPredictionsRequest
  ): Promise<IPredictions> {
    return this.postJSON<IPredictions>(
      [source, 'jobs', job, 'candidates', candidate, 'predictions'],
      body
    );
  }

  /** SHAP across the top candidates (shares of each one's total), rank stability, leakage warnings. */
  shapMatrix(source: SourceId, job: string): Promise<IShapMatrix> {
    return this.getJSON<IShapMatrix>([source, 'jobs', job, 'shap-matrix']);
  }

  /** Candidates side by side (2 to 10, in the order given). */
  compare(
    source: SourceId,
    job: string,
    candidates: string[]
  ): Promise<IComparison> {
    return this.getJSON<IComparison>([source, 'jobs', job, 'compare'], {
      candidates: candidates.join(',')
    });
  }

  /** The endpoints and batch transform jobs made from a candidate. */
  deployments(
    source: SourceId,
    job: string,
    candidate: string
  ): Promise<IDeployments> {
    return this.getJSON<IDeployments>([
      source,
      'jobs',
      job,
      'candidates',
      candidate,
      'deployments'
    ]);
  }

  /** Deploy an AWS candidate to a real-time endpoint (billable). */
  deploy(
    source: SourceId,
    job: string,
    candidate: string,
    body: IDeployRequest
  ): Promise<IEndpoint> {
    return this.postJSON<IEndpoint>(
      [source, 'jobs', job, 'candidates', candidate, 'endpoints'],
      body
    );
  }

  /** A batch transform job of an AWS candidate (billable). */
  transform(
    source: SourceId,
    job: string,
    candidate: string,
    body: ITransformRequest
  ): Promise<ITransformJob> {
    return this.postJSON<ITransformJob>(
      [source, 'jobs', job, 'candidates', candidate, 'transform-jobs'],
      body
    );
  }

  /** Delete an endpoint made from the candidate. */
  deleteEndpoint(
    source: SourceId,
    job: string,
    candidate: string,
    endpoint: string
  ): Promise<IEndpoint> {
    return this.postJSON<IEndpoint>(
      [source, 'jobs', job, 'candidates', candidate, 'endpoints', endpoint],
      null,
      'DELETE'
    );
  }

  sources(): Promise<ISourcesResponse> {
    return this.getJSON<ISourcesResponse>(['sources']);
  }

  /** The server's settings the UI follows (name rules, top features), read once. */
  uiSettings(): Promise<IUiSettings> {
    if (!this._uiSettings) {
      const pending = this.sources().then(r => r.settings);
      pending.catch(() => {
        this._uiSettings = null;
      });
      this._uiSettings = pending;
    }
    return this._uiSettings;
  }

  private _uiSettings: Promise<IUiSettings> | null = null;

  listJobs(
    source: SourceId,
    query: IListJobsQuery = {}
  ): Promise<IJobsResponse> {
    return this.getJSON<IJobsResponse>([source, 'jobs'], {
      nameContains: query.nameContains,
      status: query.status,
      nextToken: query.nextToken ?? undefined
    });
  }

  job(source: SourceId, job: string): Promise<IJob> {
    return this.getJSON<IJob>([source, 'jobs', job]);
  }

  candidates(source: SourceId, job: string): Promise<ICandidatesResponse> {
    return this.getJSON<ICandidatesResponse>([
      source,
      'jobs',
      job,
      'candidates'
    ]).then(response => {
      this._leaderboards.set(`${source}\u0000${job}`, response);
      return response;
    });
  }

  /**
   * A candidate's leaderboard row when this client has read the job's
   * leaderboard (the job tab it was opened from): the model-details header
   * uses it instead of downloading the whole leaderboard again.
   */
  knownCandidate(
    source: SourceId,
    job: string,
    candidate: string
  ): ICandidate | undefined {
    return this._leaderboards
      .get(`${source}\u0000${job}`)
      ?.candidates.find(c => c.name === candidate);
  }

  private _leaderboards = new Map<string, ICandidatesResponse>();

  explainability(
    source: SourceId,
    job: string,
    candidate: string
  ): Promise<IExplainability> {
    return this.getJSON<IExplainability>([
      source,
      'jobs',
      job,
      'candidates',
      candidate,
      'explainability'
    ]);
  }

  performance(
    source: SourceId,
    job: string,
    candidate: string
  ): Promise<IPerformance> {
    return this.getJSON<IPerformance>([
      source,
      'jobs',
      job,
      'candidates',
      candidate,
      'performance'
    ]);
  }

  artifacts(
    source: SourceId,
    job: string,
    candidate: string
  ): Promise<IArtifacts> {
    return this.getJSON<IArtifacts>([
      source,
      'jobs',
      job,
      'candidates',
      candidate,
      'artifacts'
    ]);
  }

  network(source: SourceId, job: string, candidate: string): Promise<INetwork> {
    return this.getJSON<INetwork>([
      source,
      'jobs',
      job,
      'candidates',
      candidate,
      'network'
    ]);
  }

  /** The notebook JSON, read by the server from the job's own record. */
  notebook(
    source: SourceId,
    job: string,
    kind: NotebookKind
  ): Promise<INotebookContent> {
    return this.getJSON<INotebookContent>([
      source,
      'jobs',
      job,
      'notebooks',
      kind
    ]);
  }

  /** A report file (PDF / JSON) as a Blob. */
  async report(
    source: SourceId,
    job: string,
    candidate: string,
    kind: ReportKind
  ): Promise<Blob> {
    const response = await this.request([
      source,
      'jobs',
      job,
      'candidates',
      candidate,
      'reports',
      kind
    ]);
    return response.blob();
  }

  experiments(source: SourceId): Promise<IExperimentsResponse> {
    return this.getJSON<IExperimentsResponse>([source, 'experiments']);
  }

  trialComponents(
    source: SourceId,
    unassigned = true
  ): Promise<ITrialComponentsResponse> {
    return this.getJSON<ITrialComponentsResponse>(
      [source, 'trial-components'],
      {
        unassigned: unassigned ? 'true' : undefined
      }
    );
  }
}
