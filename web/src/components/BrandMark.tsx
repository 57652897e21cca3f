/** Rig's mark: four tiles, as on the favicon. */
export function BrandMark({ className = 'brand-mark' }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 24 24" aria-hidden="true">
      <rect x="3" y="3" width="8" height="8" rx="2" />
      <rect x="13" y="3" width="8" height="8" rx="2" opacity="0.6" />
      <rect x="3" y="13" width="8" height="8" rx="2" opacity="0.6" />
      <rect x="13" y="13" width="8" height="8" rx="2" opacity="0.3" />
    </svg>
  );
}
