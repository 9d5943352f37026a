/**
 * The "New AutoML job" form: where it runs (this machine or AWS), the input
 * and target, the problem, the limits, and for AWS the output, role, security
 * and tags. The server checks each field as it is typed (job-preview) and
 * shows the exact request it will send; each error is shown beside its field.
 *
 * (About 600 lines: one form whose fields share one state, one server check
 * and one submit; a field and the request preview are in files of their own,
 * the request body in jobForm.ts.)
 */
import * as React from 'react';
import {
  AutopilotApiError,
  AutopilotClient,
  IJob,
  IJobPreview,
  ISource,
  IUiSettings
} from '../../api';
import { Loading, errorMessage, useAsync, useTrans } from '../common/common';
import { Field, fieldError } from './Field';
import { RequestPreview } from './RequestPreview';
import {
  IJobFormValues,
  RunsOn,
  initialValues,
  objectivesFor,
  parseTags,
  requestBody,
  suggestName
} from './jobForm';

export interface INewJobFormProps {
  client: AutopilotClient;
  /** A CSV (relative to the Jupyter root) to start from: the file browser's "Create AutoML job". */
  input?: string;
  /** Where it runs at first (default: this machine). */
  source?: RunsOn;
  /** Asked before anything is sent to AWS; resolves true to go on. */
  confirmAws: (body: unknown, region: string | null) => Promise<boolean>;
  /** Opens a path under the Jupyter root (the "Browse…" button); null: no browser. */
  browse?: (() => Promise<string | null>) | null;
  onCreated: (source: RunsOn, job: IJob) => void;
  /** Ms between a change and its check (tests: 0). */
  debounce?: number;
}

type Touched = Partial<Record<string, boolean>>;

const PROBLEM_TYPE_LABELS: Record<string, string> = {
  BinaryClassification: 'Binary classification',
  MulticlassClassification: 'Multiclass classification',
  Regression: 'Regression'
};
const MODE_LABELS: Record<string, string> = {
  AUTO: 'Auto (by data size)',
  ENSEMBLING: 'Ensembling',
  HYPERPARAMETER_TUNING: 'Hyperparameter tuning'
};

export function NewJobForm(props: INewJobFormProps) {
  const trans = useTrans();
  const { client } = props;
  const sources = useAsync(() => client.sources(), [client]);
  if (sources.state.status === 'loading') {
    return <Loading label={trans.__('Loading…')} />;
  }
  if (sources.state.status === 'error') {
    return (
      <div className="jp-autopilot-form-error" role="alert">
        {errorMessage(sources.state.error, trans)}
      </div>
    );
  }
  return (
    <JobForm
      {...props}
      settings={sources.state.data.settings}
      sources={sources.state.data.sources}
    />
  );
}

function JobForm(
  props: INewJobFormProps & { settings: IUiSettings; sources: ISource[] }
) {
  const trans = useTrans();
  const { client, settings } = props;
  const aws = props.sources.find(s => s.id === 'aws');
  const local = props.sources.find(s => s.id === 'local');
  const [values, setValues] = React.useState<IJobFormValues>(() => {
    const v = initialValues(
      settings,
      props.source ?? 'local',
      props.input ?? ''
    );
    return props.input
      ? { ...v, name: suggestName(props.input, settings.jobNameMaxLength) }
      : v;
  });
  const [touched, setTouched] = React.useState<Touched>({});
  const [submitted, setSubmitted] = React.useState(false);
  // the server's check, and the body it checked (a preview of another body is not this one's)
  const [checked, setChecked] = React.useState<{
    key: string;
    preview: IJobPreview;
  } | null>(null);
  const [previewError, setPreviewError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [createError, setCreateError] = React.useState<{
    field: string | null;
    message: string;
  } | null>(null);
  const set = (patch: Partial<IJobFormValues>) => {
    setValues(v => ({ ...v, ...patch }));
    setCreateError(null);
  };
  const touch = (field: string) => setTouched(t => ({ ...t, [field]: true }));

  const body = React.useMemo(() => requestBody(values), [values]);
  const bodyKey = JSON.stringify([values.source, body]);
  // the last preview shown (errors beside fields stay while the next check runs)
  const preview = checked?.preview ?? null;
  const current = checked !== null && checked.key === bodyKey;
  const seq = React.useRef(0);
  React.useEffect(() => {
    const mine = ++seq.current;
    const key = bodyKey;
    const id = setTimeout(() => {
      client.previewJob(values.source, body).then(
        p => {
          if (mine === seq.current) {
            setChecked({ key, preview: p });
            setPreviewError(null);
          }
        },
        e => {
          if (mine === seq.current) {
            setPreviewError(errorMessage(e, trans));
          }
        }
      );
    }, props.debounce ?? 300);
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bodyKey]);

  // the errors by field: the server's, a tags line that is not key=value, a create error
  const errors: Record<string, string> = {};
  for (const e of preview?.errors ?? []) {
    errors[e.field] = e.message;
  }
  const badTags = values.source === 'aws' ? parseTags(values.tags).bad : [];
  if (badTags.length) {
    errors.tags = trans.__(
      'Line %1 is not key=value.',
      badTags.map(String).join(', ')
    );
  }
  if (createError?.field) {
    errors[createError.field] = createError.message;
  }
  const shown = (field: string) =>
    submitted || touched[field] ? fieldError(errors, field) : null;
  const valid =
    current && preview !== null && preview.valid && badTags.length === 0;
  const columns = values.source === 'local' ? (preview?.columns ?? null) : null;
  const objectives = objectivesFor(settings, values.problemType);
  const maxCandidates =
    values.source === 'aws'
      ? settings.awsMaxCandidates
      : settings.maxCandidates;
  const formRef = React.useRef<HTMLFormElement>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (busy) {
      return;
    }
    // what is confirmed and sent is checked now, for exactly this body
    let fresh = current ? preview : null;
    if (fresh === null) {
      try {
        fresh = await client.previewJob(values.source, body);
        setChecked({ key: bodyKey, preview: fresh });
      } catch (e) {
        setPreviewError(errorMessage(e, trans));
        return;
      }
    }
    if (!fresh.valid || badTags.length) {
      // the first field in error gets the focus
      const first = formRef.current?.querySelector<HTMLElement>(
        '.jp-autopilot-mod-invalid input, .jp-autopilot-mod-invalid select, .jp-autopilot-mod-invalid textarea'
      );
      first?.focus();
      return;
    }
    if (
      values.source === 'aws' &&
      !(await props.confirmAws(fresh.request, aws?.region ?? null))
    ) {
      return;
    }
    setBusy(true);
    setCreateError(null);
    try {
      const job = await client.createJob(values.source, body);
      props.onCreated(values.source, job);
    } catch (e) {
      const field = e instanceof AutopilotApiError && e.field ? e.field : null;
      setCreateError({ field, message: errorMessage(e, trans) });
    } finally {
      setBusy(false);
    }
  };

  const id = (field: string) => `jp-autopilot-new-${field}`;
  const text = (
    field: keyof IJobFormValues,
    extra: React.InputHTMLAttributes<HTMLInputElement> = {}
  ) => (
    <input
      className="jp-autopilot-input"
      type="text"
      value={values[field] as string}
      onChange={e =>
        set({ [field]: e.target.value } as Partial<IJobFormValues>)
      }
      onBlur={() => touch(field)}
      spellCheck={false}
      autoComplete="off"
      {...extra}
    />
  );

  return (
    <form
      ref={formRef}
      className="jp-autopilot-new-job"
      onSubmit={e => void submit(e)}
      noValidate
      aria-label={trans.__('New AutoML job')}
    >
      <div className="jp-autopilot-new-job-fields">
        <h2 className="jp-autopilot-new-job-title">
          {trans.__('New AutoML job')}
        </h2>
        <fieldset className="jp-autopilot-form-group">
          <legend>{trans.__('Where it runs')}</legend>
          <div className="jp-autopilot-radio-row">
            <label>
              <input
                type="radio"
                name="jp-autopilot-runs-on"
                value="local"
                checked={values.source === 'local'}
                disabled={!local?.available}
                onChange={() => set({ source: 'local' })}
              />
              {trans.__('This machine (the local runner)')}
            </label>
            <label title={aws && !aws.available ? aws.message : undefined}>
              <input
                type="radio"
                name="jp-autopilot-runs-on"
                value="aws"
                checked={values.source === 'aws'}
                disabled={!aws?.available}
                onChange={() => set({ source: 'aws' })}
              />
              {aws?.region
                ? trans.__('Amazon SageMaker Autopilot (%1)', aws.region)
                : trans.__('Amazon SageMaker Autopilot')}
            </label>
          </div>
          {aws && !aws.available ? (
            <div className="jp-autopilot-form-hint">
              {trans.__('AWS is not available: %1', aws.message)}
            </div>
          ) : null}
        </fieldset>
        <Field
          id={id('name')}
          label={trans.__('Job name')}
          hint={trans.__(
            'Up to %1 letters, digits and hyphens; unique in its source.',
            settings.jobNameMaxLength
          )}
          error={shown('name')}
        >
          {text('name', { maxLength: settings.jobNameMaxLength })}
        </Field>
        <Field
          id={id('input')}
          label={
            values.source === 'aws'
              ? trans.__('Training data (S3)')
              : trans.__('Training data (CSV file)')
          }
          hint={
            values.source === 'aws'
              ? trans.__(
                  'An s3:// URI of a CSV file or prefix, with a header row.'
                )
              : trans.__(
                  'A .csv file with a header row, relative to the Jupyter root.'
                )
          }
          error={shown('input')}
          after={
            values.source === 'local' && props.browse ? (
              <button
                type="button"
                className="jp-autopilot-button"
                onClick={() =>
                  void props.browse?.().then(path => {
                    if (path) {
                      set({
                        input: path,
                        name:
                          values.name ||
                          suggestName(path, settings.jobNameMaxLength)
                      });
                      touch('input');
                    }
                  })
                }
              >
                {trans.__('Browse…')}
              </button>
            ) : null
          }
        >
          {text('input', {
            placeholder:
              values.source === 'aws'
                ? 's3://bucket/prefix/train.csv'
                : 'data/train.csv'
          })}
        </Field>
        <Field
          id={id('target')}
          label={trans.__('Target column')}
          hint={
            columns === null && values.source === 'local'
              ? trans.__(
                  'Choose the training data first: its columns are listed here.'
                )
              : trans.__('The column to predict.')
          }
          error={shown('target')}
        >
          {columns !== null ? (
            <select
              className="jp-autopilot-select"
              value={values.target}
              onChange={e => {
                set({ target: e.target.value });
                touch('target');
              }}
            >
              <option value="">{trans.__('Choose a column…')}</option>
              {columns.map(c => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          ) : (
            text('target', { disabled: values.source === 'local' })
          )}
        </Field>
        <div className="jp-autopilot-form-row">
          <Field
            id={id('problemType')}
            label={trans.__('Problem type')}
            error={shown('problemType')}
          >
            <select
              className="jp-autopilot-select"
              value={values.problemType}
              onChange={e => {
                const problemType = e.target.value;
                const keep = objectivesFor(settings, problemType).includes(
                  values.objective
                );
                set({ problemType, objective: keep ? values.objective : '' });
              }}
            >
              <option value="">{trans.__('Auto (inferred)')}</option>
              {settings.problemTypes.map(p => (
                <option key={p} value={p}>
                  {trans.__(PROBLEM_TYPE_LABELS[p] ?? p)}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id={id('objective')}
            label={trans.__('Objective metric')}
            error={shown('objective')}
          >
            <select
              className="jp-autopilot-select"
              value={values.objective}
              onChange={e => {
                set({ objective: e.target.value });
                touch('objective');
              }}
            >
              <option value="">
                {values.problemType
                  ? trans.__(
                      'Default (%1)',
                      settings.defaultObjectives[values.problemType] ?? ''
                    )
                  : trans.__('Default')}
              </option>
              {objectives.map(m => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="jp-autopilot-form-row">
          <Field id={id('mode')} label={trans.__('Mode')} error={shown('mode')}>
            <select
              className="jp-autopilot-select"
              value={values.mode}
              onChange={e => {
                set({ mode: e.target.value });
                touch('mode');
              }}
            >
              <option value="">{trans.__('Default (Auto)')}</option>
              {settings.modes.map(m => (
                <option key={m} value={m}>
                  {trans.__(MODE_LABELS[m] ?? m)}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id={id('maxCandidates')}
            label={trans.__('Max candidates')}
            hint={trans.__('1 to %1', maxCandidates)}
            error={shown('maxCandidates')}
          >
            {text('maxCandidates', { inputMode: 'numeric' })}
          </Field>
          <Field
            id={id('maxRuntimeSeconds')}
            label={trans.__('Max runtime (minutes)')}
            hint={trans.__('Empty: no limit but the candidates.')}
            error={shown('maxRuntimeSeconds')}
          >
            {text('maxRuntimeMinutes', {
              inputMode: 'decimal',
              onBlur: () => touch('maxRuntimeSeconds')
            })}
          </Field>
        </div>
        {values.source === 'aws' ? (
          <>
            <fieldset className="jp-autopilot-form-group">
              <legend>{trans.__('AWS')}</legend>
              <Field
                id={id('outputPath')}
                label={trans.__('Output location (S3)')}
                error={shown('outputPath')}
              >
                {text('outputPath', { placeholder: 's3://bucket/autopilot/' })}
              </Field>
              <Field
                id={id('roleArn')}
                label={trans.__('IAM role ARN')}
                hint={trans.__(
                  'The role SageMaker assumes to read the data and write the output.'
                )}
                error={shown('roleArn')}
              >
                {text('roleArn', {
                  placeholder: 'arn:aws:iam::123456789012:role/…'
                })}
              </Field>
            </fieldset>
            <fieldset className="jp-autopilot-form-group">
              <legend>{trans.__('Security (optional)')}</legend>
              <Field
                id={id('security')}
                label={trans.__('Volume KMS key')}
                error={
                  submitted || touched.security
                    ? (errors['security.volumeKmsKeyId'] ??
                      errors['security'] ??
                      errors[
                        'security.enableInterContainerTrafficEncryption'
                      ] ??
                      null)
                    : null
                }
              >
                {text('volumeKmsKeyId', {
                  placeholder: trans.__('key id, alias or ARN'),
                  onBlur: () => touch('security')
                })}
              </Field>
              <label className="jp-autopilot-checkbox">
                <input
                  type="checkbox"
                  checked={values.encryptInterContainer}
                  onChange={e =>
                    set({ encryptInterContainer: e.target.checked })
                  }
                />
                {trans.__('Encrypt traffic between containers')}
              </label>
              <div className="jp-autopilot-form-row">
                <Field
                  id={id('subnets')}
                  label={trans.__('VPC subnets')}
                  error={
                    submitted || touched.security
                      ? (errors['security.vpcConfig.subnets'] ??
                        errors['security.vpcConfig'] ??
                        null)
                      : null
                  }
                >
                  {text('subnets', {
                    placeholder: 'subnet-…, subnet-…',
                    onBlur: () => touch('security')
                  })}
                </Field>
                <Field
                  id={id('securityGroupIds')}
                  label={trans.__('Security groups')}
                  error={
                    submitted || touched.security
                      ? (errors['security.vpcConfig.securityGroupIds'] ?? null)
                      : null
                  }
                >
                  {text('securityGroupIds', {
                    placeholder: 'sg-…',
                    onBlur: () => touch('security')
                  })}
                </Field>
              </div>
            </fieldset>
            <Field
              id={id('tags')}
              label={trans.__('Tags')}
              hint={trans.__('One key=value per line.')}
              error={shown('tags')}
            >
              <textarea
                className="jp-autopilot-input jp-autopilot-textarea"
                rows={3}
                value={values.tags}
                onChange={e => set({ tags: e.target.value })}
                onBlur={() => touch('tags')}
                spellCheck={false}
              />
            </Field>
          </>
        ) : null}
        {createError && !createError.field ? (
          <div className="jp-autopilot-form-error" role="alert">
            {createError.message}
          </div>
        ) : null}
        <div className="jp-autopilot-form-actions">
          <button
            type="submit"
            className="jp-autopilot-button jp-autopilot-button-primary"
            disabled={busy}
          >
            {busy
              ? trans.__('Creating…')
              : values.source === 'aws'
                ? trans.__('Create on AWS…')
                : trans.__('Create and run')}
          </button>
          {submitted && !valid && !busy ? (
            <span className="jp-autopilot-form-error" role="status">
              {trans.__('Fix the fields marked above first.')}
            </span>
          ) : null}
        </div>
      </div>
      <RequestPreview
        stale={!current}
        preview={preview}
        error={previewError}
        source={values.source}
      />
    </form>
  );
}
