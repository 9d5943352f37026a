import { ServerConnection } from '@jupyterlab/services';
import {
  AutopilotApiError,
  AutopilotClient,
  CANNOT_REACH_SERVER
} from '../api';

type Handler = (req: Request) => Response | Promise<Response>;

function client(handler: Handler, seen: Request[] = []) {
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/user/a%40b/',
    token: 'secret',
    fetch: (async (input: RequestInfo) => {
      const req = input as Request;
      seen.push(req);
      return handler(req);
    }) as any
  });
  return new AutopilotClient(settings);
}

/** ServerConnection appends a cache-busting timestamp to GET URLs. */
function stripBust(url: string): string {
  return url.replace(/[?&]\d{10,}$/, '');
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' }
  });
}

describe('AutopilotClient', () => {
  it('builds every route under autopilot/api with encoded segments', async () => {
    const seen: Request[] = [];
    const c = client(() => json({}), seen);
    await c.sources();
    await c.listJobs('local', {
      nameContains: 'demo x',
      status: 'Completed',
      nextToken: 'tok/1'
    });
    await c.job('aws', 'my-job');
    await c.candidates('aws', 'my-job');
    await c.explainability('aws', 'my-job', 'cand-1');
    await c.performance('aws', 'my-job', 'cand-1');
    await c.artifacts('aws', 'my-job', 'cand-1');
    await c.network('aws', 'my-job', 'cand-1');
    await c.notebook('local', 'my-job', 'dataExploration');
    await c.experiments('aws');
    await c.trialComponents('aws');
    const urls = seen.map(r =>
      stripBust(r.url).replace('http://localhost:8888/user/a%40b/', '')
    );
    expect(urls).toEqual([
      'autopilot/api/sources',
      'autopilot/api/local/jobs?nameContains=demo%20x&status=Completed&nextToken=tok%2F1',
      'autopilot/api/aws/jobs/my-job',
      'autopilot/api/aws/jobs/my-job/candidates',
      'autopilot/api/aws/jobs/my-job/candidates/cand-1/explainability',
      'autopilot/api/aws/jobs/my-job/candidates/cand-1/performance',
      'autopilot/api/aws/jobs/my-job/candidates/cand-1/artifacts',
      'autopilot/api/aws/jobs/my-job/candidates/cand-1/network',
      'autopilot/api/local/jobs/my-job/notebooks/dataExploration',
      'autopilot/api/aws/experiments',
      'autopilot/api/aws/trial-components?unassigned=true'
    ]);
    // the token goes in the Authorization header (ServerConnection), never in the URL
    expect(seen[0].headers.get('Authorization')).toBe('token secret');
  });

  it('omits empty query parameters', async () => {
    const seen: Request[] = [];
    const c = client(() => json({ jobs: [] }), seen);
    await c.listJobs('local', { nameContains: '', status: '' });
    expect(stripBust(seen[0].url)).toMatch(/autopilot\/api\/local\/jobs$/);
  });

  it('encodes path segments so a name cannot escape its route', async () => {
    const seen: Request[] = [];
    const c = client(() => json({}), seen);
    await c.job('local', '../../etc/passwd?x=1');
    expect(seen[0].url).toContain(
      'autopilot/api/local/jobs/..%2F..%2Fetc%2Fpasswd%3Fx%3D1'
    );
  });

  it.each([
    [400, 'Invalid job name'],
    [401, 'Your AWS session token expired: run aws sso login'],
    [403, 'Access denied to sagemaker:DescribeAutoMLJobV2'],
    [404, 'AutoML job "nope" not found'],
    [429, 'AWS is throttling requests'],
    [502, 'Malformed artifact analysis.json'],
    [503, 'No AWS credentials found'],
    [504, 'AWS did not answer in time']
  ])(
    'maps HTTP %i to an AutopilotApiError with the server message',
    async (status, message) => {
      const c = client(() => json({ message }, status));
      const error = await c.job('aws', 'nope').catch(e => e);
      expect(error).toBeInstanceOf(AutopilotApiError);
      expect(error.status).toBe(status);
      expect(error.message).toBe(message);
      expect(error.isNetworkError).toBe(false);
    }
  );

  it('falls back to a status text when the body is not JSON (never shows HTML)', async () => {
    const c = client(
      () =>
        new Response(
          '<html><body>Bad gateway <script>x()</script></body></html>',
          { status: 502 }
        )
    );
    const error = await c.job('aws', 'x').catch(e => e);
    expect(error).toBeInstanceOf(AutopilotApiError);
    expect(error.status).toBe(502);
    expect(error.message).not.toContain('<');
    expect(error.message).toContain('502');
  });

  it('reports a network failure as "cannot reach the Jupyter server"', async () => {
    const c = client(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await c.sources().catch(e => e);
    expect(error).toBeInstanceOf(AutopilotApiError);
    expect(error.status).toBe(0);
    expect(error.isNetworkError).toBe(true);
    expect(error.message).toBe(CANNOT_REACH_SERVER);
  });

  it('rejects a 200 answer that is not JSON', async () => {
    const c = client(() => new Response('not json', { status: 200 }));
    const error = await c.sources().catch(e => e);
    expect(error).toBeInstanceOf(AutopilotApiError);
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('downloads reports as blobs and maps 404 with its reason', async () => {
    const c = client(req =>
      stripBust(req.url).endsWith('performancePdf')
        ? new Response('%PDF-1.4', {
            status: 200,
            headers: { 'Content-Type': 'application/pdf' }
          })
        : json({ message: 'This job has no explainability report.' }, 404)
    );
    const blob = await c.report('local', 'j', 'c', 'performancePdf');
    expect(await blob.text()).toBe('%PDF-1.4');
    const error = await c
      .report('local', 'j', 'c', 'explainabilityPdf')
      .catch(e => e);
    expect(error.status).toBe(404);
    expect(error.message).toBe('This job has no explainability report.');
  });
});

describe('model-details header without a second leaderboard download', () => {
  it('the row the job tab read is reused; an unread job is fetched once', async () => {
    const seen: Request[] = [];
    const c = client(
      () =>
        json({
          job: 'j',
          candidates: [
            { name: 'a', isBest: true, metrics: [] },
            { name: 'b', isBest: false, metrics: [] }
          ]
        }),
      seen
    );
    expect(c.knownCandidate('local', 'j', 'b')).toBeUndefined();
    await c.candidates('local', 'j');
    expect(seen.length).toBe(1);
    expect(c.knownCandidate('local', 'j', 'b')?.name).toBe('b');
    expect(c.knownCandidate('aws', 'j', 'b')).toBeUndefined();
    const { apiLoaders } = await import('../components/candidate');
    const row = await apiLoaders(c, 'local', 'j', 'b').candidate!();
    expect(row?.name).toBe('b');
    expect(seen.length).toBe(1); // no second download of the leaderboard
    await apiLoaders(c, 'local', 'other', 'x').candidate!();
    expect(seen.length).toBe(2);
  });
});
