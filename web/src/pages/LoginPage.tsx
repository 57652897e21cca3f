import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, messageOf } from '../api/client.ts';
import { BrandMark } from '../components/BrandMark.tsx';
import { useNow } from '../live/useNow.ts';
import type { LoginReason } from '../session/useSession.ts';

interface Props {
  reason: LoginReason;
  login: (name: string, password: string) => Promise<void>;
}

type Failure = { message: string; retryAt?: number };

function failureOf(error: unknown): Failure {
  if (error instanceof ApiError && error.status === 401) return { message: 'Wrong name or password.' };
  if (error instanceof ApiError && error.status === 429) {
    const details = error.details as { retry_after_seconds?: number } | undefined;
    const seconds = error.retryAfter ?? details?.retry_after_seconds ?? 60;
    return { message: 'Too many failed logins.', retryAt: Date.now() + seconds * 1000 };
  }
  return { message: messageOf(error) };
}

const reasons = {
  start: undefined,
  ended: 'Your session has ended. Log in again to go on where you were.',
  out: 'You are logged out.',
  password: 'Your password has changed: log in with the new one.',
};

/** The dashboard's door: name and password open a session (an HttpOnly cookie). */
export function LoginPage({ reason, login }: Props) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | undefined>(undefined);
  const nameInput = useRef<HTMLInputElement>(null);
  const now = useNow(1000, failure?.retryAt !== undefined);
  const wait = failure?.retryAt === undefined ? 0 : Math.ceil((failure.retryAt - now) / 1000);

  useEffect(() => nameInput.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await login(name.trim(), password);
    } catch (error) {
      setFailure(failureOf(error));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-brand">
          <BrandMark />
          <span>Rig</span>
        </div>
        <h1 id="login-title">Log in to the testbed</h1>
        {reasons[reason] && !failure && (
          <p className="notice" role="status">
            {reasons[reason]}
          </p>
        )}
        <label className="form-field">
          <span className="form-label">Name</span>
          <input
            ref={nameInput}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label className="form-field">
          <span className="form-label">Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {failure && (
          <div className="error-note" role="alert">
            <p>
              {failure.message}
              {wait > 0 && ` Try again in ${wait} s.`}
            </p>
          </div>
        )}
        <button type="submit" className="button primary login-submit" disabled={busy || wait > 0}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p className="login-foot">
          Scripts and the CLI use API tokens: <code className="mono">rig login</code>. The API is described at{' '}
          <a href="/api/docs">/api/docs</a>.
        </p>
      </form>
    </main>
  );
}
