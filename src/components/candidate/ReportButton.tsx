/**
 * The report download button (PDF / JSON), shared by Explainability and Performance.
 */
import * as React from 'react';
import { AutopilotApiError, ReportKind } from '../../api';
import { downloadBlob, errorMessage, useTrans } from '../common/common';

export type ReportDownloader = (kind: ReportKind) => Promise<Blob>;

const REPORT_FILES: Record<ReportKind, string> = {
  explainabilityPdf: 'explainability-report.pdf',
  performancePdf: 'model-performance-report.pdf',
  performanceJson: 'model-performance-report.json'
};

export function ReportButton(props: {
  kind: ReportKind;
  label: string;
  download: ReportDownloader;
  filenamePrefix: string;
  /** false when the server found no such file under the candidate's artifact prefix */
  exists?: boolean;
}) {
  const trans = useTrans();
  const [busy, setBusy] = React.useState(false);
  const [unavailable, setUnavailable] = React.useState<string | null>(
    props.exists === false
      ? trans.__('No such file was written for this candidate.')
      : null
  );
  const [error, setError] = React.useState<string | null>(null);
  return (
    <span className="jp-autopilot-report">
      <button
        type="button"
        className="jp-autopilot-button"
        disabled={busy || unavailable !== null}
        title={unavailable ?? props.label}
        onClick={() => {
          setBusy(true);
          setError(null);
          props.download(props.kind).then(
            blob => {
              setBusy(false);
              downloadBlob(
                blob,
                `${props.filenamePrefix}-${REPORT_FILES[props.kind]}`
              );
            },
            e => {
              setBusy(false);
              if (e instanceof AutopilotApiError && e.status === 404) {
                setUnavailable(e.message);
              } else {
                setError(errorMessage(e, trans));
              }
            }
          );
        }}
      >
        {busy ? trans.__('Downloading…') : props.label}
      </button>
      {unavailable ? (
        <span className="jp-autopilot-muted jp-autopilot-report-reason">
          {unavailable}
        </span>
      ) : null}
      {error ? (
        <span className="jp-autopilot-inline-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
