import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { type ConnectionState, EventsConnection } from './connection.ts';
import { initialLiveData, liveReducer } from './live-data.ts';

/** The URL of /api/v1/events on the server that served the page. */
export function eventsUrl(): string {
  const url = new URL('/api/v1/events', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * The lab's live data and the state of the link that feeds it. `onLinkLost` runs when the
 * link drops: a browser hides why a websocket was refused, and it may be an ended session.
 */
export function useLive(url: string, onLinkLost?: () => void) {
  const [data, dispatch] = useReducer(liveReducer, initialLiveData);
  const [connection, setConnection] = useState<ConnectionState>({ phase: 'connecting' });
  const link = useRef<EventsConnection | undefined>(undefined);
  const lost = useRef(onLinkLost);
  lost.current = onLinkLost;
  useEffect(() => {
    const connection = new EventsConnection(url, {
      frame: (message) => dispatch({ message, at: Date.now() }),
      state: (state) => {
        setConnection(state);
        if (state.phase === 'reconnecting' && state.retryAt !== undefined) lost.current?.();
      },
    });
    link.current = connection;
    connection.start();
    return () => connection.stop();
  }, [url]);
  const retryNow = useCallback(() => link.current?.retryNow(), []);
  return { data, connection, retryNow };
}
