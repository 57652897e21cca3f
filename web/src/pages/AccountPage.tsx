import { KeysPanel } from '../account/KeysPanel.tsx';
import { PasswordPanel } from '../account/PasswordPanel.tsx';
import { TokensPanel } from '../account/TokensPanel.tsx';
import { useSessionContext } from '../session/context.ts';

/** My account: who I am, my SSH keys, my API tokens, my password. */
export function AccountPage() {
  const { me } = useSessionContext();
  return (
    <main className="page">
      <header className="page-header">
        <h2>My account</h2>
        <p className="page-sub">
          <strong>{me.user?.name}</strong> · {me.role}
          {me.user?.email && ` · ${me.user.email}`} · slices:{' '}
          {me.slices.length ? me.slices.join(', ') : 'none yet (an operator adds you to one)'}
        </p>
      </header>
      <div className="page-columns">
        <div className="page-column">
          <TokensPanel />
          <PasswordPanel />
        </div>
        <div className="page-column">
          <KeysPanel />
        </div>
      </div>
    </main>
  );
}
