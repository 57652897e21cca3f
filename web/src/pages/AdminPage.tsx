import { useState } from 'react';
import { SlicesPanel } from '../admin/SlicesPanel.tsx';
import { UsersPanel } from '../admin/UsersPanel.tsx';
import { useSessionContext } from '../session/context.ts';

/** Users (admins) and slices (operators and admins). */
export function AdminPage() {
  const { me } = useSessionContext();
  const [userNames, setUserNames] = useState<string[]>([]);
  const admin = me.role === 'admin';
  return (
    <main className="page">
      <header className="page-header">
        <h2>Admin</h2>
        <p className="page-sub">
          {admin
            ? 'Users and slices of the testbed.'
            : 'Slices of the testbed (users are managed by admins).'}
        </p>
      </header>
      <div className="page-columns">
        {admin && (
          <div className="page-column">
            <UsersPanel onUsers={setUserNames} />
          </div>
        )}
        <div className="page-column">
          <SlicesPanel userNames={userNames} />
        </div>
      </div>
    </main>
  );
}
