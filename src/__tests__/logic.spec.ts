import {
  buildColumns,
  csvField,
  filterCandidates,
  metricNames,
  nextSort,
  objectiveHeader,
  sortCandidates,
  toCSV,
  availableSets
} from '../lib/leaderboard';
import {
  durationSeconds,
  formatDuration,
  formatNumber,
  formatDecimal,
  formatTime,
  humanize,
  isTerminal
} from '../lib/format';
import { parseS3Uri, s3ConsoleUrl } from '../lib/s3';
import { candidates, HOSTILE } from './fixtures';

const cands = candidates.candidates;

describe('leaderboard columns', () => {
  it('has name, objective, status, every metric of the set, start, end, duration', () => {
    const cols = buildColumns(cands, candidates.objective, 'Validation');
    expect(cols.map(c => c.id)).toEqual([
      'name',
      'objective',
      'status',
      'metric:F1',
      'metric:AUC',
      'start',
      'end',
      'duration'
    ]);
    const train = buildColumns(cands, candidates.objective, 'Train');
    expect(train.map(c => c.id)).toContain('metric:F1');
    expect(train.map(c => c.id)).not.toContain('metric:AUC');
    expect(metricNames(cands, 'Test')).toEqual([]);
    expect(availableSets(cands)).toEqual(['Train', 'Validation']);
  });

  it('shows the objective metric and its direction in the header', () => {
    expect(objectiveHeader({ metric: 'F1', direction: 'Maximize' })).toBe(
      'Objective: F1 (maximize)'
    );
    expect(objectiveHeader({ metric: 'MSE', direction: 'Minimize' })).toBe(
      'Objective: MSE (minimize)'
    );
    expect(objectiveHeader(null)).toBe('Objective');
  });
});

describe('sortCandidates', () => {
  const cols = buildColumns(cands, candidates.objective, 'Validation');

  it('keeps the server order (best first) without a sort', () => {
    expect(
      sortCandidates(cands, cols, null, 'cand-best').map(c => c.name)
    ).toEqual(cands.map(c => c.name));
  });

  it('pins the best candidate on top whatever the sort', () => {
    for (const direction of ['ascending', 'descending'] as const) {
      for (const column of [
        'name',
        'objective',
        'status',
        'metric:AUC',
        'duration'
      ]) {
        const sorted = sortCandidates(
          cands,
          cols,
          { column, direction },
          'cand-best'
        );
        expect(sorted[0].name).toBe('cand-best');
      }
    }
  });

  it('sorts numbers both ways with empty values last', () => {
    const asc = sortCandidates(
      cands,
      cols,
      { column: 'objective', direction: 'ascending' },
      'cand-best'
    );
    expect(asc.map(c => c.name)).toEqual([
      'cand-best',
      HOSTILE,
      'cand-a',
      'cand-b',
      'cand-none'
    ]);
    const desc = sortCandidates(
      cands,
      cols,
      { column: 'objective', direction: 'descending' },
      'cand-best'
    );
    expect(desc.map(c => c.name)).toEqual([
      'cand-best',
      'cand-b',
      'cand-a',
      HOSTILE,
      'cand-none'
    ]);
  });

  it('sorts text naturally', () => {
    const cs = [
      { ...cands[1], name: 'c10' },
      { ...cands[1], name: 'c2' },
      { ...cands[1], name: 'c1' }
    ];
    const c2 = buildColumns(cs, null, 'Validation');
    expect(
      sortCandidates(cs, c2, { column: 'name', direction: 'ascending' }).map(
        c => c.name
      )
    ).toEqual(['c1', 'c2', 'c10']);
  });

  it('cycles the sort of a header', () => {
    expect(nextSort(null, 'name', 'text')).toEqual({
      column: 'name',
      direction: 'ascending'
    });
    expect(
      nextSort({ column: 'name', direction: 'ascending' }, 'name', 'text')
    ).toEqual({
      column: 'name',
      direction: 'descending'
    });
    expect(
      nextSort({ column: 'name', direction: 'descending' }, 'name', 'text')
    ).toBeNull();
    expect(nextSort(null, 'objective', 'number')).toEqual({
      column: 'objective',
      direction: 'descending'
    });
    expect(
      nextSort(
        { column: 'objective', direction: 'descending' },
        'objective',
        'number'
      )
    ).toEqual({
      column: 'objective',
      direction: 'ascending'
    });
  });
});

describe('filterCandidates', () => {
  it('filters by status and by text in name, status or failure reason', () => {
    expect(filterCandidates(cands, 'Failed', '').map(c => c.name)).toEqual([
      HOSTILE
    ]);
    expect(filterCandidates(cands, '', 'CAND-A').map(c => c.name)).toEqual([
      'cand-a'
    ]);
    expect(filterCandidates(cands, '', 'onerror').map(c => c.name)).toEqual([
      HOSTILE
    ]);
    expect(filterCandidates(cands, '', 'stopped').map(c => c.name)).toEqual([
      'cand-none'
    ]);
    expect(filterCandidates(cands, 'Completed', 'zzz')).toEqual([]);
    expect(filterCandidates(cands, '', '  ')).toHaveLength(cands.length);
  });
});

describe('CSV', () => {
  it('quotes fields and defuses spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("http://x")')).toBe(
      '"\'=HYPERLINK(""http://x"")"'
    );
    expect(csvField('+1')).toBe("'+1");
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(null)).toBe('');
    expect(csvField(NaN)).toBe('');
  });

  it('names the metric set of every metric column in the CSV (Train values are never unlabelled)', () => {
    const cols = buildColumns(cands, candidates.objective, 'Train');
    const header = toCSV(cands, cols, 'cand-best').split('\r\n')[0];
    expect(header).toContain('F1 [Train]');
    expect(header).toContain('Objective: F1 (maximize) [Validation]');
    expect(header).not.toMatch(/,F1,/);
  });

  it('exports the leaderboard with a header and is_best', () => {
    const cols = buildColumns(cands, candidates.objective, 'Validation');
    const csv = toCSV(cands, cols, 'cand-best');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(cands.length + 1);
    expect(lines[0]).toBe(
      'Trial name,Objective: F1 (maximize) [Validation],Status,F1 [Validation],AUC [Validation],Start time,End time,Duration,is_best'
    );
    expect(lines[1]).toBe(
      'cand-best,0.9,Completed,0.9,0.45,2024-05-01T10:00:00Z,2024-05-01T10:05:00Z,300,true'
    );
    expect(lines[5]).toBe(
      'cand-none,,Stopped,,,2024-05-01T10:00:00Z,2024-05-01T10:05:00Z,300,false'
    );
  });
});

describe('format', () => {
  it('formats numbers, durations and times', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(1e-7)).toBe('1.000e-7');
    expect(formatDuration(3723)).toBe('1h 02m 03s');
    expect(formatDuration(65)).toBe('1m 05s');
    expect(formatDuration(null)).toBe('—');
    expect(
      durationSeconds('2024-01-01T00:00:00Z', '2024-01-01T00:01:00Z')
    ).toBe(60);
    expect(durationSeconds('2024-01-01T00:00:00Z', null)).toBeNull();
    expect(formatTime(null)).toBe('—');
    expect(formatTime('garbage')).toBe('—');
    // with the time zone, always
    expect(formatTime('2024-01-01T00:00:00Z')).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC([+-]\d\d:\d\d)?$/
    );
    // table metrics keep their trailing zeros, so decimals line up
    expect(formatDecimal(0.959)).toBe('0.9590');
    expect(formatDecimal(0.9595)).toBe('0.9595');
    expect(formatDecimal(3)).toBe('3');
  });

  it('knows the terminal statuses', () => {
    expect(isTerminal('Completed')).toBe(true);
    expect(isTerminal('Failed')).toBe(true);
    expect(isTerminal('Stopped')).toBe(true);
    expect(isTerminal('InProgress')).toBe(false);
    expect(isTerminal('Stopping')).toBe(false);
  });
});

describe('S3 console links', () => {
  it('links objects and prefixes on the console origin only', () => {
    expect(s3ConsoleUrl('s3://my-bucket/a/b c.csv')).toBe(
      'https://s3.console.aws.amazon.com/s3/object/my-bucket?prefix=a%2Fb%20c.csv'
    );
    expect(s3ConsoleUrl('s3://my-bucket/output/')).toBe(
      'https://s3.console.aws.amazon.com/s3/buckets/my-bucket?prefix=output%2F'
    );
    expect(s3ConsoleUrl('s3://my-bucket')).toBe(
      'https://s3.console.aws.amazon.com/s3/buckets/my-bucket?prefix='
    );
  });

  it('refuses anything that is not a well-formed s3:// URI', () => {
    for (const bad of [
      'javascript:alert(1)',
      'https://evil.example/s3://x',
      's3://Bad_Bucket/key',
      's3://a/key',
      's3://bucket..x/key',
      's3://evil.example#@my-bucket/x',
      ' s3://my-bucket/x',
      's3://my-bucket/x\ny',
      null,
      42
    ]) {
      expect(s3ConsoleUrl(bad)).toBeNull();
    }
    expect(parseS3Uri('s3://my-bucket/k?x')).toEqual({
      bucket: 'my-bucket',
      key: 'k?x'
    });
  });
});

describe('humanize', () => {
  it('turns API keys into labels', () => {
    expect(humanize('completionCriteria')).toBe('Completion criteria');
    expect(humanize('volumeKmsKeyId')).toBe('Volume KMS key ID');
    expect(humanize('max_candidates')).toBe('Max candidates');
    expect(humanize('modelData')).toBe('Model data');
    expect(humanize('maxAutoMLJobRuntimeInSeconds')).toBe(
      'Max auto ML job runtime in seconds'
    );
  });
});

describe('SageMaker console links', () => {
  it('links training / processing / transform job ARNs, rebuilt from their parts', () => {
    const { sagemakerConsoleUrl } = jest.requireActual('../lib/s3');
    expect(
      sagemakerConsoleUrl(
        'arn:aws:sagemaker:us-east-1:123456789012:processing-job/fx-dpp'
      )
    ).toBe(
      'https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/processing-jobs/fx-dpp'
    );
    expect(
      sagemakerConsoleUrl(
        'arn:aws:sagemaker:eu-west-1:123456789012:training-job/t-1'
      )
    ).toBe(
      'https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/jobs/t-1'
    );
    for (const bad of [
      'arn:aws:sagemaker:us-east-1:123456789012:automl-job/x',
      'arn:aws:sagemaker:evil.example/x:123456789012:training-job/t',
      'arn:aws:sagemaker:us-east-1:123456789012:training-job/<img>',
      'https://us-east-1.console.aws.amazon.com/',
      null
    ]) {
      expect(sagemakerConsoleUrl(bad)).toBeNull();
    }
  });
});
