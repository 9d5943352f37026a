/**
 * The job tab's header (status, objective, best candidate) and its profile (every setting of the job record).
 */
import * as React from 'react';
import { TranslationBundle } from '@jupyterlab/translation';
import { IJob } from '../../api';
import {
  directionArrow,
  durationSeconds,
  formatDuration,
  formatTime,
  formatValue,
  humanize
} from '../../lib/format';
import { DefinitionList, Empty, StatusBadge, useTrans } from '../common/common';
import { ConsoleLinksContext, S3Uri } from '../common/S3Uri';

export function JobHeader(props: {
  job: IJob;
  children?: React.ReactNode;
  /** Shown right under the title row (e.g. a failed refresh, next to the Refresh button). */
  notice?: React.ReactNode;
}) {
  const trans = useTrans();
  const { job } = props;
  const objective = job.objective;
  const duration = durationSeconds(job.creationTime, job.endTime);
  return (
    <div className="jp-autopilot-job-header">
      <div className="jp-autopilot-job-title">
        <h2 className="jp-autopilot-h2">{job.name}</h2>
        <StatusBadge status={job.status} secondary={job.secondaryStatus} />
        {job.secondaryStatus && job.secondaryStatus !== job.status ? (
          <span className="jp-autopilot-secondary-status">
            {job.secondaryStatus}
          </span>
        ) : null}
        <span className="jp-autopilot-spacer" />
        {props.children}
      </div>
      {props.notice}
      <div className="jp-autopilot-facts">
        <Fact
          label={trans.__('Problem type')}
          value={job.problemType || trans.__('Not set (inferred)')}
        />
        <Fact
          label={trans.__('Objective')}
          value={
            objective && objective.metric
              ? `${objective.metric}${objective.direction ? ` (${objective.direction} ${directionArrow(objective.direction)})` : ''}`
              : '—'
          }
        />
        <Fact label={trans.__('Target')} value={job.targetAttribute || '—'} />
        {job.mode ? <Fact label={trans.__('Mode')} value={job.mode} /> : null}
        <Fact
          label={trans.__('Created')}
          value={formatTime(job.creationTime)}
        />
        <Fact label={trans.__('Ended')} value={formatTime(job.endTime)} />
        <Fact label={trans.__('Duration')} value={formatDuration(duration)} />
      </div>
      {job.failureReason ? (
        <div className="jp-autopilot-failure" role="alert">
          <span className="jp-autopilot-failure-label">
            {trans.__('Failure reason:')}
          </span>{' '}
          <span className="jp-autopilot-failure-text">{job.failureReason}</span>
        </div>
      ) : null}
    </div>
  );
}

function Fact(props: { label: string; value: string }) {
  return (
    <div className="jp-autopilot-fact">
      <span className="jp-autopilot-fact-label">{props.label}</span>
      <span className="jp-autopilot-fact-value">{props.value}</span>
    </div>
  );
}

const PROFILE_KNOWN = new Set([
  'name',
  'arn',
  'status',
  'secondaryStatus',
  'problemType',
  'objective',
  'targetAttribute',
  'mode',
  'creationTime',
  'endTime',
  'lastModifiedTime',
  'failureReason',
  'bestCandidate',
  'inputs',
  'outputPath',
  'notebooks',
  'security',
  // shown elsewhere or internal
  'source',
  'isTerminal',
  'durationSeconds',
  'apiVersion',
  'onAws'
]);

function renderValue(
  value: unknown,
  trans: TranslationBundle
): React.ReactNode {
  if (typeof value === 'string' && value.startsWith('s3://')) {
    return <S3Uri uri={value} />;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return '—';
    }
    if (value.every(v => typeof v !== 'object' || v === null)) {
      return (
        <ul className="jp-autopilot-plain-list">
          {value.map((v, i) => (
            <li key={i}>{renderValue(v, trans)}</li>
          ))}
        </ul>
      );
    }
    return (
      <ul className="jp-autopilot-plain-list">
        {value.map((v, i) => (
          <li key={i}>{renderValue(v, trans)}</li>
        ))}
      </ul>
    );
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) {
      return '—';
    }
    return (
      <DefinitionList
        className="jp-autopilot-dl-nested"
        items={entries.map(([k, v]) => [humanize(k), renderValue(v, trans)])}
      />
    );
  }
  return formatValue(value);
}

export function JobProfile(props: { job: IJob }) {
  const trans = useTrans();
  const { job } = props;
  const general: Array<[string, React.ReactNode]> = [
    [trans.__('Name'), job.name],
    [trans.__('ARN'), job.arn || '—'],
    [trans.__('Status'), job.status || '—'],
    [trans.__('Secondary status'), job.secondaryStatus || '—'],
    [trans.__('Problem type'), job.problemType || '—'],
    [trans.__('Mode'), job.mode || '—'],
    [trans.__('Target attribute'), job.targetAttribute || '—'],
    [trans.__('Best candidate'), job.bestCandidate || trans.__('None')],
    [trans.__('Created'), formatTime(job.creationTime)],
    [trans.__('Ended'), formatTime(job.endTime)]
  ];
  if (job.lastModifiedTime) {
    general.push([trans.__('Last modified'), formatTime(job.lastModifiedTime)]);
  }
  if (job.failureReason) {
    general.push([trans.__('Failure reason'), job.failureReason]);
  }
  const objective: Array<[string, React.ReactNode]> = [
    [trans.__('Metric'), job.objective?.metric || '—'],
    [
      trans.__('Direction'),
      job.objective?.direction
        ? `${job.objective.direction} ${directionArrow(job.objective.direction)}`
        : '—'
    ]
  ];
  const notebooks: Array<[string, React.ReactNode]> = [
    [
      trans.__('Data exploration'),
      renderValue(job.notebooks?.dataExploration ?? null, trans)
    ],
    [
      trans.__('Candidate definition'),
      renderValue(job.notebooks?.candidateDefinition ?? null, trans)
    ]
  ];
  if (job.apiVersion) {
    general.push([trans.__('API version'), String(job.apiVersion)]);
  }
  const security =
    job.security && typeof job.security === 'object'
      ? Object.entries(job.security)
      : [];
  const extra = Object.entries(job).filter(
    ([k, v]) => !PROFILE_KNOWN.has(k) && !(Array.isArray(v) && v.length === 0)
  );
  // scalars (and lists) go with the job's settings; objects get a section each
  const scalarExtra = extra.filter(
    ([, v]) => !v || typeof v !== 'object' || Array.isArray(v)
  );
  const objectExtra = extra.filter(
    ([, v]) => v && typeof v === 'object' && !Array.isArray(v)
  );
  for (const [k, v] of scalarExtra) {
    general.push([humanize(k), renderValue(v, trans)]);
  }
  return (
    <ConsoleLinksContext.Provider value={job.onAws !== false}>
      <div className="jp-autopilot-profile">
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Job')}</h3>
          <DefinitionList items={general} />
        </section>
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Objective')}</h3>
          <DefinitionList items={objective} />
        </section>
        {objectExtra.map(([key, value]) => (
          <section className="jp-autopilot-section" key={key}>
            <h3 className="jp-autopilot-h3">{humanize(key)}</h3>
            {renderValue(value, trans)}
          </section>
        ))}
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Input data')}</h3>
          {job.inputs && job.inputs.length ? (
            <table className="jp-autopilot-table">
              <thead>
                <tr>
                  <th>{trans.__('Channel')}</th>
                  <th>{trans.__('S3 URI')}</th>
                  <th>{trans.__('Content type')}</th>
                </tr>
              </thead>
              <tbody>
                {job.inputs.map((input, i) => (
                  <tr key={i}>
                    <td>{input.channel || '—'}</td>
                    <td>
                      <S3Uri uri={input.uri} />
                    </td>
                    <td>{input.contentType || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>{trans.__('No input channels recorded.')}</Empty>
          )}
        </section>
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Output')}</h3>
          <DefinitionList
            items={[[trans.__('Output path'), <S3Uri uri={job.outputPath} />]]}
          />
        </section>
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Notebooks')}</h3>
          <DefinitionList items={notebooks} />
        </section>
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Security')}</h3>
          {security.length ? (
            <DefinitionList
              items={security.map(([k, v]) => [
                humanize(k),
                renderValue(v, trans)
              ])}
            />
          ) : (
            <Empty>
              {trans.__('No security configuration (defaults apply).')}
            </Empty>
          )}
        </section>
      </div>
    </ConsoleLinksContext.Provider>
  );
}
