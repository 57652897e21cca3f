import { useMemo } from 'react';
import { LoginPage } from './pages/LoginPage.tsx';
import { Shell } from './Shell.tsx';
import { SessionContext } from './session/context.ts';
import { useSession } from './session/useSession.ts';

/**
 * The dashboard: the login page until a session exists (servers without authentication
 * skip it), then the pages. A session that ends (401) brings the login page back over the
 * same URL, so the user returns to the page they were on.
 */
export function App() {
  const session = useSession();
  const { state, api, logout, refresh, login, retry } = session;
  const context = useMemo(
    () => (state.phase === 'ready' ? { me: state.me, api, logout, refresh } : undefined),
    [state, api, logout, refresh],
  );
  switch (state.phase) {
    case 'checking':
      return (
        <p className="splash" role="status">
          Loading…
        </p>
      );
    case 'unreachable':
      return (
        <div className="splash" role="alert">
          <p>Rig cannot be reached: {state.message}</p>
          <button type="button" className="button" onClick={() => void retry()}>
            Try again
          </button>
        </div>
      );
    case 'login':
      return <LoginPage reason={state.reason} login={login} />;
    case 'ready':
      return (
        <SessionContext.Provider value={context}>
          <Shell />
        </SessionContext.Provider>
      );
  }
}
