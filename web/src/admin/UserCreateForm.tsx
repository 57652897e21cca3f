import { type FormEvent, useState } from 'react';
import type { RoleName, UserCreated } from '../api/types.ts';
import { ErrorNote } from '../forms/ErrorNote.tsx';
import { Field } from '../forms/Field.tsx';
import { ShownOnce } from '../forms/ShownOnce.tsx';
import { useAction } from '../forms/useAction.ts';
import { useSessionContext } from '../session/context.ts';

/** A new user; without a password, Rig generates one and shows it once. */
export function UserCreateForm({ onCreated }: { onCreated: () => void }) {
  const { api } = useSessionContext();
  const { busy, error, run, clear } = useAction();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<RoleName>('user');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<UserCreated | undefined>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      name: name.trim(),
      role,
      ...(displayName.trim() ? { display_name: displayName.trim() } : {}),
      ...(email.trim() ? { email: email.trim() } : {}),
      ...(password ? { password } : {}),
    };
    const answer = await run(() => api.post<UserCreated>('/api/v1/users', body));
    if (!answer) return;
    setCreated(answer);
    setName('');
    setDisplayName('');
    setEmail('');
    setPassword('');
    onCreated();
  };
  const edit = (set: (value: string) => void) => (event: { target: { value: string } }) => {
    set(event.target.value);
    clear();
  };

  return (
    <>
      {created?.password && (
        <ShownOnce
          label={`Password of ${created.user.name}`}
          secret={created.password}
          onDone={() => setCreated(undefined)}
        />
      )}
      <form className="form" onSubmit={submit} aria-label="Create a user">
        <div className="form-row">
          <Field label="Login name" hint="Lowercase letters, digits, . _ -">
            <input required autoCapitalize="none" spellCheck={false} value={name} onChange={edit(setName)} />
          </Field>
          <Field label="Role" className="narrow">
            <select value={role} onChange={(event) => setRole(event.target.value as RoleName)}>
              <option value="user">user</option>
              <option value="operator">operator</option>
              <option value="admin">admin</option>
            </select>
          </Field>
        </div>
        <div className="form-row">
          <Field label="Full name (optional)">
            <input value={displayName} onChange={edit(setDisplayName)} />
          </Field>
          <Field label="Email (optional)">
            <input type="email" value={email} onChange={edit(setEmail)} />
          </Field>
        </div>
        <Field label="Password (optional)" hint="Leave empty: Rig generates one and shows it once.">
          <input type="password" autoComplete="new-password" value={password} onChange={edit(setPassword)} />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" className="button primary" disabled={busy || !name.trim()}>
          Create user
        </button>
      </form>
    </>
  );
}
