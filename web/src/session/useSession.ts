import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiClient, ApiError, messageOf } from '../api/client.ts';
import type { LoginAnswer, Me } from '../api/types.ts';

/**
 * Why the login page shows: `ended`, a 401 came while logged in (expired, revoked); `out`,
 * the user logged out; `password`, the user's new password ended the session.
 */
export type LoginReason = 'start' | 'ended' | 'out' | 'password';

export type SessionState =
  | { phase: 'checking' }
  | { phase: 'login'; reason: LoginReason }
  | { phase: 'ready'; me: Me }
  | { phase: 'unreachable'; message: string };

export interface Session {
  state: SessionState;
  api: ApiClient;
  /** Throws the ApiError of a refused login (401, 429). */
  login(name: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Reads /auth/me again (after joining a slice, changing a role…); a 401 ends the session. */
  refresh(reasonIfEnded?: LoginReason): Promise<void>;
  /** Starts over after Rig could not be reached. */
  retry(): Promise<void>;
}

/**
 * Who uses the dashboard. `GET /api/v1/auth/me` decides at start: 401 → the login page;
 * a server without authentication answers the anonymous admin, and no login is asked.
 */
export function useSession(): Session {
  const [state, setState] = useState<SessionState>({ phase: 'checking' });
  // The latest phase, for the API client's 401 handler, which outlives renders.
  const phase = useRef(state.phase);
  phase.current = state.phase;
  const api = useMemo(
    () =>
      new ApiClient(() => {
        if (phase.current === 'ready') setState({ phase: 'login', reason: 'ended' });
      }),
    [],
  );

  const readMe = useCallback(
    async (whenUnauthorized: SessionState) => {
      try {
        const me = await api.request<Me>('GET', '/api/v1/auth/me', undefined, { expectUnauthorized: true });
        if (me.csrf) api.csrf = me.csrf;
        setState({ phase: 'ready', me });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) setState(whenUnauthorized);
        else setState({ phase: 'unreachable', message: messageOf(error) });
      }
    },
    [api],
  );

  useEffect(() => {
    void readMe({ phase: 'login', reason: 'start' });
  }, [readMe]);

  const login = useCallback(
    async (name: string, password: string) => {
      const answer = await api.request<LoginAnswer>(
        'POST',
        '/api/v1/auth/login',
        { name, password },
        { expectUnauthorized: true },
      );
      api.csrf = answer.csrf;
      await readMe({ phase: 'login', reason: 'ended' });
    },
    [api, readMe],
  );

  const logout = useCallback(async () => {
    try {
      await api.request('POST', '/api/v1/auth/logout', undefined, { expectUnauthorized: true });
    } catch {
      // Already ended on the server: the login page is where the user goes anyway.
    }
    api.csrf = undefined;
    setState({ phase: 'login', reason: 'out' });
  }, [api]);

  const refresh = useCallback(
    async (reasonIfEnded: LoginReason = 'ended') => {
      try {
        const me = await api.request<Me>('GET', '/api/v1/auth/me', undefined, { expectUnauthorized: true });
        // The same answer keeps the same object, so pages keyed on `me` do not reload.
        setState((current) =>
          current.phase !== 'ready' || JSON.stringify(current.me) === JSON.stringify(me)
            ? current
            : { phase: 'ready', me },
        );
      } catch (error) {
        // Anything but a 401 (Rig restarting) changes nothing.
        if (error instanceof ApiError && error.status === 401 && phase.current === 'ready')
          setState({ phase: 'login', reason: reasonIfEnded });
      }
    },
    [api],
  );

  const retry = useCallback(() => readMe({ phase: 'login', reason: 'start' }), [readMe]);

  return { state, api, login, logout, refresh, retry };
}
