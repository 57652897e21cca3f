import { useState } from 'react';

interface Props {
  /** What the secret is, e.g. "API token" or "Password of alice". */
  label: string;
  secret: string;
  onDone: () => void;
}

/** A secret the server returns once (a new token, a generated password): copy it now. */
export function ShownOnce({ label, secret, onDone }: Props) {
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>(undefined);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard (insecure origin, denied): the text is selectable.
      setCopied('failed');
    }
  };
  return (
    <section className="shown-once" aria-label={label}>
      <p className="shown-once-warning">
        <strong>Copy it now.</strong> It is shown this once: Rig stores only a hash of it.
      </p>
      <div className="shown-once-value">
        <code className="mono" data-secret>
          {secret}
        </code>
        <button type="button" className="button" onClick={copy}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {copied === 'failed' && (
        <p className="form-hint">The clipboard is not available here: select the text.</p>
      )}
      <button type="button" className="link-button" onClick={onDone}>
        I have copied it — hide
      </button>
    </section>
  );
}
