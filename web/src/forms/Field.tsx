import { cloneElement, isValidElement, type ReactElement, type ReactNode, useId } from 'react';

interface Props {
  label: string;
  hint?: ReactNode;
  /** One control: the label names it, the hint describes it. */
  children: ReactElement<{ 'aria-describedby'?: string }>;
  className?: string;
}

/** A labelled form control with an optional hint below it. */
export function Field({ label, hint, children, className }: Props) {
  const hintId = useId();
  const control =
    hint && isValidElement(children) ? cloneElement(children, { 'aria-describedby': hintId }) : children;
  return (
    <div className={`form-field ${className ?? ''}`}>
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is the child */}
      <label className="form-field-label">
        <span className="form-label">{label}</span>
        {control}
      </label>
      {hint && (
        <span id={hintId} className="form-hint">
          {hint}
        </span>
      )}
    </div>
  );
}
