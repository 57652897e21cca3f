import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Me, RoleName } from '../api/types.ts';
import type { LoginReason } from './useSession.ts';

/** What every page of a logged-in dashboard may use: who is there, and the API as them. */
export interface SessionContextValue {
  me: Me;
  api: ApiClient;
  logout(): Promise<void>;
  /** Reads who I am again; a 401 brings the login page, saying `reasonIfEnded`. */
  refresh(reasonIfEnded?: LoginReason): Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionContext outside a logged-in dashboard');
  return value;
}

const rank: Record<RoleName, number> = { user: 0, operator: 1, admin: 2 };

/** Whether the role is at least `least` (operators manage slices, admins users too). */
export const atLeast = (role: RoleName, least: RoleName): boolean => rank[role] >= rank[least];

/** The name to show: the user's, or "anonymous" on a server without authentication. */
export const displayName = (me: Me): string => me.user?.display_name || me.user?.name || 'anonymous';
