/**
 * An S3 URI as text, with a copy button and the AWS console link we build (none for local jobs).
 */
import * as React from 'react';
import { s3ConsoleUrl, sagemakerConsoleUrl } from '../../lib/s3';
import { CopyButton, useTrans } from './common';

/**
 * Whether S3 URIs get an AWS console link: false inside the views of a job the
 * local runner made (its s3:// URIs name files in the local job folder).
 */
export const ConsoleLinksContext = React.createContext<boolean>(true);

/** An S3 URI as text, with a copy button and a console link we build. */
export function S3Uri(props: { uri: string | null | undefined }) {
  const trans = useTrans();
  const consoleLinks = React.useContext(ConsoleLinksContext);
  if (!props.uri) {
    return <span className="jp-autopilot-muted">—</span>;
  }
  const s3Href = consoleLinks ? s3ConsoleUrl(props.uri) : null;
  // one console link at most: the S3 object, else the SageMaker job an ARN names
  const jobHref = s3Href ? null : sagemakerConsoleUrl(props.uri);
  const link = s3Href
    ? {
        href: s3Href,
        title: trans.__('Open in the AWS S3 console'),
        text: trans.__('S3 console')
      }
    : jobHref
      ? {
          href: jobHref,
          title: trans.__('Open in the SageMaker console'),
          text: trans.__('SageMaker console')
        }
      : null;
  return (
    <span className="jp-autopilot-uri">
      <code className="jp-autopilot-uri-text">{props.uri}</code>
      <CopyButton text={props.uri} label={trans.__('Copy URI')} />
      {link ? (
        <a
          className="jp-autopilot-console-link"
          href={link.href}
          target="_blank"
          rel="noopener noreferrer"
          title={link.title}
        >
          {link.text}
        </a>
      ) : null}
    </span>
  );
}
