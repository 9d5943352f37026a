/**
 * Network: isolation, VPC and encryption of the candidate's training job (or of the job).
 */
import * as React from 'react';
import { TranslationBundle } from '@jupyterlab/translation';
import { INetwork } from '../../api';
import { Notice, defaultTrans, useTrans } from '../common/common';

type OnOff = 'on' | 'off' | 'unset';

function Toggle(props: {
  state: OnOff;
  on: string;
  off: string;
  unset: string;
}) {
  const text =
    props.state === 'on'
      ? props.on
      : props.state === 'off'
        ? props.off
        : props.unset;
  return (
    <span className={`jp-autopilot-onoff jp-autopilot-onoff-${props.state}`}>
      {text}
    </span>
  );
}

function boolState(v: boolean | null | undefined): OnOff {
  return v === true ? 'on' : v === false ? 'off' : 'unset';
}

/** The explanation of a setting in its state: what "on" guarantees, what "off" means. */
function stateHint(
  state: OnOff,
  hints: { on: string; off: string; unset: string }
): string {
  return state === 'on' ? hints.on : state === 'off' ? hints.off : hints.unset;
}

/** Where the network view's values come from, as a sentence. */
export function networkSource(
  d: INetwork,
  trans: TranslationBundle = defaultTrans
): string | null {
  const from = d['from'];
  if (from === 'trainingJob') {
    return typeof d['trainingJob'] === 'string' && d['trainingJob']
      ? trans.__(
          "Values from the candidate's training job %1.",
          d['trainingJob'] as string
        )
      : trans.__("Values from the candidate's training job.");
  }
  if (from === 'jobSecurityConfig') {
    return trans.__(
      "Values from the AutoML job's security configuration (SecurityConfig): the candidate's training job record was not available. That configuration has no network isolation setting."
    );
  }
  return null;
}

export function NetworkView(props: { data: INetwork }) {
  const trans = useTrans();
  const d = props.data;
  const enabled = trans.__('Enabled');
  const disabled = trans.__('Disabled');
  const notSet = trans.__('Not set');
  const fromJobConfig = d['from'] === 'jobSecurityConfig';
  const notRecorded = trans.__('Not recorded for this job.');
  const subnets = (d.vpc && d.vpc.subnets) || [];
  const groups = (d.vpc && d.vpc.securityGroupIds) || [];
  const list = (items: string[]) =>
    items.length ? (
      <ul className="jp-autopilot-plain-list jp-autopilot-mono">
        {items.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
    ) : (
      <span className="jp-autopilot-muted">{trans.__('None')}</span>
    );
  const isolation = boolState(d.networkIsolation);
  const encryption = boolState(d.interContainerTrafficEncryption);
  // vpc: an object = configured; null = known not configured; absent = not recorded
  const vpc: OnOff = d.vpc ? 'on' : d.vpc === null ? 'off' : 'unset';
  const volumeKey: OnOff = d.volumeKmsKeyId
    ? 'on'
    : d.volumeKmsKeyId === undefined
      ? 'unset'
      : 'off';
  const outputKey: OnOff = d.outputKmsKeyId
    ? 'on'
    : d.outputKmsKeyId === undefined
      ? 'unset'
      : 'off';
  const rows: Array<[string, React.ReactNode, React.ReactNode]> = [
    [
      trans.__('Network isolation'),
      <Toggle state={isolation} on={enabled} off={disabled} unset={notSet} />,
      stateHint(isolation, {
        on: trans.__(
          'The containers cannot make outbound network calls, not even to other AWS services.'
        ),
        off: trans.__(
          'The containers may make outbound network calls (to AWS services and, as the network allows, the internet).'
        ),
        unset: fromJobConfig
          ? trans.__(
              "Not recorded for this job: the AutoML job's security configuration has no such setting."
            )
          : notRecorded
      })
    ],
    [
      trans.__('Inter-container traffic encryption'),
      <Toggle state={encryption} on={enabled} off={disabled} unset={notSet} />,
      stateHint(encryption, {
        on: trans.__('Traffic between the training containers is encrypted.'),
        off: trans.__(
          'Traffic between the training containers is not encrypted.'
        ),
        unset: notRecorded
      })
    ],
    [
      trans.__('VPC'),
      <Toggle
        state={vpc}
        on={trans.__('Configured')}
        off={trans.__('Not configured')}
        unset={notSet}
      />,
      stateHint(vpc, {
        on: trans.__(
          'The jobs ran in your VPC, in the subnets and security groups below.'
        ),
        off: trans.__(
          'The jobs ran outside a customer VPC, in a network managed by SageMaker.'
        ),
        unset: notRecorded
      })
    ]
  ];
  const keyRow = (
    label: string,
    state: OnOff,
    key: string | null | undefined,
    onHint: string
  ) => (
    <tr>
      <th scope="row">{label}</th>
      <td>
        {/* no customer key is the default, not a warning: grey, as "not recorded" */}
        <Toggle
          state={state === 'on' ? 'on' : 'unset'}
          on={trans.__('Set')}
          off={notSet}
          unset={notSet}
        />
      </td>
      <td>
        {state === 'on' ? (
          <>
            <div className="jp-autopilot-mono jp-autopilot-kms-key">{key}</div>
            <div className="jp-autopilot-muted">{onHint}</div>
          </>
        ) : (
          <span className="jp-autopilot-muted">
            {state === 'off'
              ? trans.__(
                  'No customer managed key: encrypted with the AWS managed key (default).'
                )
              : notRecorded}
          </span>
        )}
      </td>
    </tr>
  );
  if (d.onAws === false) {
    // a job of the local runner ran on this machine: none of SageMaker's network settings apply
    return (
      <div className="jp-autopilot-network">
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">
            {trans.__('Network and encryption')}
          </h3>
          <Notice
            title={trans.__('This job ran on this machine, not on SageMaker')}
          >
            {trans.__(
              "The local runner trained its candidates in the Jupyter server's own environment: no SageMaker network isolation, VPC or KMS key applies. Its records and files are in the local jobs folder, with the file permissions of that folder."
            )}
          </Notice>
        </section>
      </div>
    );
  }
  const source = networkSource(d, trans);
  return (
    <div className="jp-autopilot-network">
      <section className="jp-autopilot-section">
        <h3 className="jp-autopilot-h3">
          {trans.__('Network and encryption')}
        </h3>
        {source ? (
          <div className="jp-autopilot-caption jp-autopilot-network-source">
            {source}
          </div>
        ) : null}
        <table className="jp-autopilot-table jp-autopilot-network-table">
          <tbody>
            {rows.map(([label, value, hint], i) => (
              <tr key={i}>
                <th scope="row">{label}</th>
                <td>{value}</td>
                <td className="jp-autopilot-muted jp-autopilot-network-hint">
                  {hint}
                </td>
              </tr>
            ))}
            {d.vpc ? (
              <>
                <tr>
                  <th scope="row">{trans.__('VPC subnets')}</th>
                  <td colSpan={2}>{list(subnets)}</td>
                </tr>
                <tr>
                  <th scope="row">{trans.__('Security groups')}</th>
                  <td colSpan={2}>{list(groups)}</td>
                </tr>
              </>
            ) : null}
            {keyRow(
              trans.__('Volume KMS key'),
              volumeKey,
              d.volumeKmsKeyId,
              trans.__(
                'The storage volumes of the training instances are encrypted with this key.'
              )
            )}
            {keyRow(
              trans.__('Output KMS key'),
              outputKey,
              d.outputKmsKeyId,
              trans.__(
                'The model artifacts and outputs written to S3 are encrypted with this key.'
              )
            )}
          </tbody>
        </table>
      </section>
    </div>
  );
}
