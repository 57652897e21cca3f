import { type FormEvent, useState } from 'react';
import type { SshKey } from '../api/types.ts';
import { Panel } from '../components/Panel.tsx';
import { ConfirmButton } from '../forms/ConfirmButton.tsx';
import { ErrorNote } from '../forms/ErrorNote.tsx';
import { Field } from '../forms/Field.tsx';
import { useAction } from '../forms/useAction.ts';
import { useResource } from '../forms/useResource.ts';
import { useSessionContext } from '../session/context.ts';

const date = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** My SSH public keys: they go into the nodes' authorized_keys while my slices lease them. */
export function KeysPanel() {
  const { api } = useSessionContext();
  const keys = useResource<SshKey[]>(api, '/api/v1/keys');
  const add = useAction();
  const remove = useAction();
  const [key, setKey] = useState('');
  const [comment, setComment] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = comment.trim() ? { key: key.trim(), comment: comment.trim() } : { key: key.trim() };
    const created = await add.run(() => api.post<SshKey>('/api/v1/keys', body));
    if (created) {
      setKey('');
      setComment('');
      keys.reload();
    }
  };

  return (
    <Panel title="SSH keys" count={keys.data ? String(keys.data.length) : undefined}>
      <p className="panel-intro">
        While a slice of yours holds a lease, these keys open its nodes to you over SSH.
      </p>
      <ErrorNote error={keys.error} />
      {keys.data && keys.data.length === 0 && <p className="empty">No key yet.</p>}
      {keys.data && keys.data.length > 0 && (
        <ul className="item-list" aria-label="SSH keys">
          {keys.data.map((k) => (
            <li key={k.id} className="item">
              <div className="item-text">
                <span className="item-name">{k.comment || '(no comment)'}</span>
                <span className="item-sub mono">
                  {k.algorithm} {k.bits} · {k.fingerprint}
                </span>
                <span className="item-sub">added {date.format(Date.parse(k.created_at))}</span>
              </div>
              <ConfirmButton
                label="Remove"
                name={`Remove key ${k.comment || k.fingerprint}`}
                question="Remove this key?"
                onConfirm={async () => {
                  if (
                    await remove.run(async () => {
                      await api.delete(`/api/v1/keys/${k.id}`);
                      return true;
                    })
                  )
                    keys.reload();
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={remove.error} />
      <form className="form" onSubmit={submit} aria-label="Add an SSH key">
        <Field
          label="Public key"
          hint="The line of your id_ed25519.pub (ed25519, ecdsa, or rsa of 2048 bits or more)."
        >
          <textarea
            rows={3}
            required
            spellCheck={false}
            className="mono"
            placeholder="ssh-ed25519 AAAAC3Nza… you@laptop"
            value={key}
            onChange={(event) => {
              setKey(event.target.value);
              add.clear();
            }}
          />
        </Field>
        <Field label="Comment (optional)">
          <input value={comment} maxLength={200} onChange={(event) => setComment(event.target.value)} />
        </Field>
        <ErrorNote error={add.error} />
        <button type="submit" className="button primary" disabled={add.busy || !key.trim()}>
          Add key
        </button>
      </form>
    </Panel>
  );
}
