import { type FormEvent, useState } from 'react';
import type { ScopeName, TokenCreated, TokenInfo } from '../api/types.ts';
import { Panel } from '../components/Panel.tsx';
import { ConfirmButton } from '../forms/ConfirmButton.tsx';
import { ErrorNote } from '../forms/ErrorNote.tsx';
import { Field } from '../forms/Field.tsx';
import { ShownOnce } from '../forms/ShownOnce.tsx';
import { useAction } from '../forms/useAction.ts';
import { useResource } from '../forms/useResource.ts';
import { useSessionContext } from '../session/context.ts';

const date = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const scopeHelp: Record<ScopeName, string> = {
  read: 'read the lab',
  write: 'act, book, manage own keys',
  admin: 'manage users and slices',
};

function expiry(token: TokenInfo, now: number): string {
  if (!token.expires_at) return 'never expires';
  const at = Date.parse(token.expires_at);
  return `${at <= now ? 'expired' : 'expires'} ${date.format(at)}`;
}

/** My API tokens for the CLI and scripts: created here, shown once, revoked at once. */
export function TokensPanel() {
  const { api, me } = useSessionContext();
  const tokens = useResource<TokenInfo[]>(api, '/api/v1/tokens');
  const create = useAction();
  const revoke = useAction();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ScopeName[]>(['read', 'write']);
  const [days, setDays] = useState('90');
  const [fresh, setFresh] = useState<TokenCreated | undefined>(undefined);
  const now = Date.now();
  const live = (tokens.data ?? []).filter((t) => !t.revoked_at);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), scopes, ...(days ? { days: Number(days) } : {}) };
    const created = await create.run(() => api.post<TokenCreated>('/api/v1/tokens', body));
    if (created) {
      setFresh(created);
      setName('');
      tokens.reload();
    }
  };
  const toggle = (scope: ScopeName, on: boolean) =>
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  return (
    <Panel title="API tokens" count={tokens.data ? String(live.length) : undefined}>
      <p className="panel-intro">
        For the CLI and scripts: <code className="mono">Authorization: Bearer rig_…</code>. A token can do no
        more than you.
      </p>
      {fresh && (
        <ShownOnce
          label={`New token ${fresh.info.name}`}
          secret={fresh.token}
          onDone={() => setFresh(undefined)}
        />
      )}
      <ErrorNote error={tokens.error} />
      {tokens.data && live.length === 0 && <p className="empty">No token.</p>}
      {live.length > 0 && (
        <ul className="item-list" aria-label="API tokens">
          {live.map((token) => (
            <li key={token.id} className="item" data-token-id={token.id}>
              <div className="item-text">
                <span className="item-name">{token.name}</span>
                <span className="item-sub">
                  <span className="mono">{token.prefix}…</span> · {token.scopes.join(', ')} ·{' '}
                  {expiry(token, now)}
                </span>
                <span className="item-sub">
                  {token.last_used_at
                    ? `last used ${date.format(Date.parse(token.last_used_at))}`
                    : 'never used'}
                </span>
              </div>
              <ConfirmButton
                label="Revoke"
                name={`Revoke token ${token.name}`}
                question={`Revoke ${token.name}?`}
                onConfirm={async () => {
                  if (
                    await revoke.run(async () => {
                      await api.delete(`/api/v1/tokens/${token.id}`);
                      return true;
                    })
                  )
                    tokens.reload();
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={revoke.error} />
      <form className="form" onSubmit={submit} aria-label="Create an API token">
        <div className="form-row">
          <Field label="Name" hint="What it is for, e.g. laptop or ci">
            <input required maxLength={128} value={name} onChange={(event) => setName(event.target.value)} />
          </Field>
          <Field label="Days" className="narrow">
            <input
              type="number"
              min={1}
              max={3650}
              value={days}
              onChange={(event) => setDays(event.target.value)}
            />
          </Field>
        </div>
        <fieldset className="form-fieldset">
          <legend className="form-label">Scopes</legend>
          {me.scopes.map((scope) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(event) => toggle(scope, event.target.checked)}
              />
              {scope} <span className="form-hint">({scopeHelp[scope]})</span>
            </label>
          ))}
        </fieldset>
        <ErrorNote error={create.error} />
        <button
          type="submit"
          className="button primary"
          disabled={create.busy || !name.trim() || !scopes.length}
        >
          Create token
        </button>
      </form>
    </Panel>
  );
}
