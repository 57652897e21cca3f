import { useEffect } from 'react';
import type { User } from '../api/types.ts';
import { Panel } from '../components/Panel.tsx';
import { ErrorNote } from '../forms/ErrorNote.tsx';
import { useResource } from '../forms/useResource.ts';
import { useSessionContext } from '../session/context.ts';
import { UserCreateForm } from './UserCreateForm.tsx';
import { UserRow } from './UserRow.tsx';

/** Every user, and a new one (admins). */
export function UsersPanel({ onUsers }: { onUsers: (names: string[]) => void }) {
  const { api, me } = useSessionContext();
  const users = useResource<User[]>(api, '/api/v1/users');
  const list = users.data ?? [];
  const names = list.map((u) => u.name).join(',');
  // The slices panel proposes these names when adding members.
  useEffect(() => onUsers(names ? names.split(',') : []), [names, onUsers]);
  return (
    <Panel title="Users" count={users.data ? String(list.length) : undefined}>
      <ErrorNote error={users.error} />
      {list.length > 0 && (
        <table className="table" aria-label="Users">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                self={user.name === me.user?.name}
                onChanged={users.reload}
              />
            ))}
          </tbody>
        </table>
      )}
      <h3 className="panel-subtitle">New user</h3>
      <UserCreateForm onCreated={users.reload} />
    </Panel>
  );
}
