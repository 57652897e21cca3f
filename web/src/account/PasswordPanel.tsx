import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { Panel } from '../components/Panel.tsx';
import { ErrorNote, Notice } from '../forms/ErrorNote.tsx';
import { Field } from '../forms/Field.tsx';
import { useAction } from '../forms/useAction.ts';
import { useSessionContext } from '../session/context.ts';

/** Change my password; my other sessions end, this one goes on. */
export function PasswordPanel() {
  const { api, refresh } = useSessionContext();
  const { busy, error, run, clear } = useAction();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const mismatch = again.length > 0 && again !== password;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setDone(false);
    const ok = await run(async () => {
      try {
        // A wrong current password is a 401 too: it must not end the session here.
        await api.request(
          'POST',
          '/api/v1/auth/password',
          { current, password },
          { expectUnauthorized: true },
        );
      } catch (caught) {
        if (caught instanceof ApiError && caught.status === 401)
          throw new Error('The current password is wrong.');
        throw caught;
      }
      return true;
    });
    if (ok) {
      setCurrent('');
      setPassword('');
      setAgain('');
      setDone(true);
      // If the change ended this session too, this brings the login page.
      await refresh('password');
    }
  };
  const edit = (set: (value: string) => void) => (event: { target: { value: string } }) => {
    set(event.target.value);
    clear();
    setDone(false);
  };

  return (
    <Panel title="Password">
      <form className="form" onSubmit={submit} aria-label="Change my password">
        <Field label="Current password">
          <input
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={edit(setCurrent)}
          />
        </Field>
        <Field label="New password" hint="At least 10 characters.">
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={password}
            onChange={edit(setPassword)}
          />
        </Field>
        <Field label="New password again">
          <input
            type="password"
            autoComplete="new-password"
            required
            value={again}
            aria-invalid={mismatch}
            onChange={edit(setAgain)}
          />
        </Field>
        {mismatch && <p className="form-hint is-error">The two new passwords differ.</p>}
        <ErrorNote error={error} />
        {done && <Notice>Password changed. Your other sessions have ended.</Notice>}
        <button type="submit" className="button primary" disabled={busy || mismatch || !current || !password}>
          Change password
        </button>
      </form>
    </Panel>
  );
}
