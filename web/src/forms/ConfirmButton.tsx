import { useEffect, useRef, useState } from 'react';

interface Props {
  /** The button's text, e.g. "Revoke". */
  label: string;
  /** Its accessible name when the text alone is ambiguous, e.g. "Revoke token ci". */
  name?: string;
  /** The question, e.g. "Revoke ci?". */
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
}

/** A destructive button that asks once more in place, so a stray click destroys nothing. */
export function ConfirmButton({ label, name, question, onConfirm, disabled }: Props) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const answered = useRef(false);
  // Focus follows the question, and comes back to the button when the answer is no.
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (answered.current) opener.current?.focus();
  }, [asking]);
  if (!asking)
    return (
      <button
        ref={opener}
        type="button"
        className="button danger"
        aria-label={name}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  return (
    <span className="confirm">
      <span className="confirm-question">{question}</span>
      <button
        ref={confirm}
        type="button"
        className="button danger solid"
        onClick={() => {
          answered.current = false;
          setAsking(false);
          onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </button>
      <button
        type="button"
        className="button"
        onClick={() => {
          answered.current = true;
          setAsking(false);
        }}
      >
        No
      </button>
    </span>
  );
}
