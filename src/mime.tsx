/**
 * Notebook MIME renderer for `application/vnd.jupyter-autopilot+json`:
 * the job summary + trials table, or a candidate's model details, from the
 * view models embedded in the output (no server call).
 */
import * as React from 'react';
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { ReactWidget } from '@jupyterlab/ui-components';
import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import {
  IArtifacts,
  ICandidate,
  ICandidatesResponse,
  IExplainability,
  IJob,
  INetwork,
  IPerformance
} from './api';
import { JobContent } from './components/job/JobView';
import { CandidateContent, ICandidateLoaders } from './components/candidate';
import {
  ErrorNotice,
  defaultTrans,
  useTrans,
  TransContext
} from './components/common/common';

export const MIME_TYPE = 'application/vnd.jupyter-autopilot+json';

export interface IJobPayload {
  kind: 'job';
  source: string;
  job: IJob;
  candidates: ICandidatesResponse;
}

export interface ICandidatePayload {
  kind: 'candidate';
  source: string;
  jobName: string;
  candidate: ICandidate;
  explainability?: IExplainability | null;
  performance?: IPerformance | null;
  artifacts?: IArtifacts | null;
  network?: INetwork | null;
  /**
   * Why a view is null: the REST API's message for it (e.g. a malformed analysis.json), by
   * view name. Absent when every view loaded.
   */
  errors?: Partial<Record<CandidateView, string>> | null;
}

export type CandidateView =
  'explainability' | 'performance' | 'artifacts' | 'network';

export type AutopilotPayload = IJobPayload | ICandidatePayload;

function missing<T>(
  what: CandidateView,
  p: ICandidatePayload,
  trans: TranslationBundle
): () => Promise<T> {
  const errors = p.errors && typeof p.errors === 'object' ? p.errors : {};
  const reason = errors[what];
  // the message the notebook API recorded (text, rendered as text), else "not included"
  const message =
    typeof reason === 'string' && reason
      ? reason
      : trans.__('The %1 view is not included in this output.', what);
  return () => Promise.reject(new Error(message));
}

/** Loaders that resolve with the data embedded in a candidate payload. */
export function payloadLoaders(
  p: ICandidatePayload,
  trans: TranslationBundle
): ICandidateLoaders {
  const record: ICandidate | null =
    p.candidate && typeof p.candidate === 'object' ? p.candidate : null;
  return {
    explainability: p.explainability
      ? () => Promise.resolve(p.explainability as IExplainability)
      : missing('explainability', p, trans),
    performance: p.performance
      ? () => Promise.resolve(p.performance as IPerformance)
      : missing('performance', p, trans),
    artifacts: p.artifacts
      ? () => Promise.resolve(p.artifacts as IArtifacts)
      : missing('artifacts', p, trans),
    network: p.network
      ? () => Promise.resolve(p.network as INetwork)
      : missing('network', p, trans),
    candidate: () => Promise.resolve(record)
  };
}

/** The React view of a payload (exported for tests). */
export function AutopilotOutput(props: {
  payload: unknown;
  loaders?: ICandidateLoaders;
}) {
  const trans = useTrans();
  const p = props.payload as AutopilotPayload | null;
  if (p && p.kind === 'job' && p.job && p.candidates) {
    return (
      <div className="jp-autopilot-mime jp-autopilot-mime-job">
        <JobContent
          source={p.source || 'local'}
          data={{
            job: p.job,
            candidates: {
              ...p.candidates,
              candidates: p.candidates.candidates || []
            }
          }}
          tableHeight={Math.min(
            480,
            34 + 30 * Math.max(3, (p.candidates.candidates || []).length) + 16
          )}
        />
      </div>
    );
  }
  if (p && p.kind === 'candidate' && p.candidate) {
    const name =
      typeof p.candidate === 'string' ? p.candidate : p.candidate.name;
    return (
      <div className="jp-autopilot-mime jp-autopilot-mime-candidate">
        <CandidateContent
          source={p.source || 'local'}
          jobName={p.jobName}
          candidate={name}
          loaders={props.loaders ?? payloadLoaders(p, trans)}
        />
      </div>
    );
  }
  return (
    <div className="jp-autopilot-mime">
      <ErrorNotice
        error={
          new Error(
            trans.__(
              'This output is not a jupyter-autopilot job or candidate payload.'
            )
          )
        }
        title={trans.__('Cannot display this Autopilot output')}
      />
    </div>
  );
}

export class AutopilotMimeRenderer
  extends ReactWidget
  implements IRenderMime.IRenderer
{
  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this._mimeType = options.mimeType;
    const translator = (
      options as IRenderMime.IRendererOptions & { translator?: ITranslator }
    ).translator;
    this._trans = translator
      ? translator.load('jupyter-autopilot')
      : defaultTrans;
    this.addClass('jp-autopilot-mime-renderer');
  }

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const payload = model.data[this._mimeType];
    if (payload !== this._payload) {
      this._payload = payload;
      this._loaders =
        payload && (payload as { kind?: string }).kind === 'candidate'
          ? payloadLoaders(payload as unknown as ICandidatePayload, this._trans)
          : undefined;
    }
    this.update();
    return Promise.resolve();
  }

  render(): JSX.Element {
    return (
      <TransContext.Provider value={this._trans}>
        <AutopilotOutput payload={this._payload} loaders={this._loaders} />
      </TransContext.Provider>
    );
  }

  private _mimeType: string;
  private _payload: unknown = null;
  private _loaders: ICandidateLoaders | undefined;
  private _trans: TranslationBundle;
}

export const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [MIME_TYPE],
  defaultRank: 10,
  createRenderer: options => new AutopilotMimeRenderer(options)
};

const extension: IRenderMime.IExtension = {
  id: 'jupyter-autopilot:mime',
  description:
    'Renders jupyter-autopilot jobs and candidates in notebook outputs.',
  rendererFactory,
  rank: 10,
  dataType: 'json'
};

export default extension;
