import { useState } from 'react';
import { displayName, useSessionContext } from '../session/context.ts';

/** Who is logged in, with which role, and the way out. */
export function UserMenu() {
  const { me, logout } = useSessionContext();
  const [leaving, setLeaving] = useState(false);
  const anonymous = me.via === 'anonymous';
  return (
    <div className="user-menu">
      <span className="user-who" title={anonymous ? 'Authentication is off on this server' : undefined}>
        <span className="user-name">{displayName(me)}</span>
        <span className={`role-badge role-${me.role}`}>{me.role}</span>
      </span>
      {!anonymous && (
        <button
          type="button"
          className="button"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void logout();
          }}
        >
          Log out
        </button>
      )}
    </div>
  );
}
