import type { ConnectionState } from '../live/connection.ts';
import { useNow } from '../live/useNow.ts';

interface Props {
  connection: ConnectionState;
  onRetry: () => void;
}

/** Whether the page is live: a dot and a word, announced politely when it changes. */
export function ConnectionBadge({ connection, onRetry }: Props) {
  const waiting = connection.phase === 'reconnecting' && connection.retryAt !== undefined;
  const now = useNow(1000, waiting);
  let text: string;
  let detail = '';
  switch (connection.phase) {
    case 'live':
      text = 'Live';
      detail = 'Receiving changes as they happen';
      break;
    case 'connecting':
      text = 'Connecting…';
      break;
    case 'reconnecting': {
      const seconds = connection.retryAt === undefined ? 0 : Math.ceil((connection.retryAt - now) / 1000);
      text = seconds > 0 ? `Reconnecting in ${seconds} s` : 'Reconnecting…';
      detail = `Link lost${connection.reason ? `: ${connection.reason}` : ''}. What you see may be out of date.`;
      break;
    }
    case 'stopped':
      text = 'Stopped';
      break;
  }
  return (
    <div className="connection">
      <div
        role="status"
        aria-label="Connection"
        className={`connection-badge phase-${connection.phase}`}
        data-phase={connection.phase}
        title={detail}
      >
        <span className="connection-dot" aria-hidden="true" />
        {text}
      </div>
      {waiting && (
        <button type="button" className="link-button" onClick={onRetry}>
          Retry now
        </button>
      )}
    </div>
  );
}
