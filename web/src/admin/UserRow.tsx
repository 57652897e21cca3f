import { useState } from 'react';
import type { RoleName, User } from '../api/types.ts';
import { ConfirmButton } from '../forms/ConfirmButton.tsx';
import { ErrorNote } from '../forms/ErrorNote.tsx';
import { useAction } from '../forms/useAction.ts';
import { useSessionContext } from '../session/context.ts';

interface Props {
  user: User;
  self: boolean;
  onChanged: () => void;
}

/** One user: role, disabled, a password reset, deletion. */
export function UserRow({ user, self, onChanged }: Props) {
  const { api } = useSessionContext();
  const { busy, error, run } = useAction();
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const path = `/api/v1/users/${encodeURIComponent(user.name)}`;
  const patch = async (change: Partial<{ role: RoleName; disabled: boolean; password: string }>) => {
    if (await run(() => api.patch<User>(path, change))) {
      setResetting(false);
      setPassword('');
      onChanged();
    }
  };
  const removeUser = async () => {
    if (await run(() => api.delete(path).then(() => true))) onChanged();
  };

  return (
    <tr data-user={user.name} className={user.disabled ? 'is-disabled' : undefined}>
      <th scope="row">
        <span className="item-name">{user.name}</span>
        {user.display_name && user.display_name !== user.name && (
          <span className="item-sub">{user.display_name}</span>
        )}
        {user.email && <span className="item-sub">{user.email}</span>}
      </th>
      <td>
        <select
          aria-label={`Role of ${user.name}`}
          value={user.role}
          disabled={busy}
          onChange={(event) => void patch({ role: event.target.value as RoleName })}
        >
          <option value="user">user</option>
          <option value="operator">operator</option>
          <option value="admin">admin</option>
        </select>
      </td>
      <td>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={user.disabled}
            disabled={busy || self}
            onChange={(event) => void patch({ disabled: event.target.checked })}
          />
          disabled
        </label>
      </td>
      <td className="actions">
        {resetting ? (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              void patch({ password });
            }}
          >
            <input
              type="password"
              aria-label={`New password of ${user.name}`}
              autoComplete="new-password"
              minLength={10}
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            <button type="submit" className="button" disabled={busy}>
              Set
            </button>
            <button type="button" className="button" onClick={() => setResetting(false)}>
              Back
            </button>
          </form>
        ) : (
          <button type="button" className="button" onClick={() => setResetting(true)}>
            Set password
          </button>
        )}
        {!self && (
          <ConfirmButton
            label="Delete"
            name={`Delete user ${user.name}`}
            question={`Delete ${user.name}?`}
            disabled={busy}
            onConfirm={removeUser}
          />
        )}
        <ErrorNote error={error} />
      </td>
    </tr>
  );
}
