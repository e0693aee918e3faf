/** Back and forth through a long list shown a page at a time, with "a–b of n" between. */
export function Pager({
  label,
  page,
  pageSize,
  total,
  onPage,
  back,
  forward,
  rangeTestId,
}: {
  /** The nav's accessible name. */
  label: string;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  /** The buttons' words ("Previous" / "Next", "Newer" / "Older"). */
  back: string;
  forward: string;
  rangeTestId?: string;
}) {
  const pages = Math.ceil(total / pageSize);
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        disabled={page === 0}
        onClick={() => onPage(page - 1)}
      >
        {back}
      </button>
      <span data-testid={rangeTestId}>
        {page * pageSize + 1}–{Math.min(total, (page + 1) * pageSize)} of {total}
      </span>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        disabled={page >= pages - 1}
        onClick={() => onPage(page + 1)}
      >
        {forward}
      </button>
    </nav>
  );
}
