/**
 * What changed in the list since the last change of ratings: each movie new, up, down or in the
 * same place, and a summary in words. Pure.
 */
export interface ListChange {
  kind: 'new' | 'up' | 'down' | 'same';
  /** Places moved (0 for new or same). */
  by: number;
}

/**
 * @param previous the earlier list, best first (null: nothing to compare with, every mark 'same').
 * @param now the list shown, best first.
 */
export function listChanges(previous: readonly number[] | null, now: readonly number[]): ListChange[] {
  if (!previous) return now.map(() => ({ kind: 'same', by: 0 }));
  const before = new Map(previous.map((index, rank) => [index, rank]));
  return now.map((index, rank) => {
    const was = before.get(index);
    if (was === undefined) return { kind: 'new', by: 0 };
    if (was > rank) return { kind: 'up', by: was - rank };
    if (was < rank) return { kind: 'down', by: rank - was };
    return { kind: 'same', by: 0 };
  });
}

/** "3 new, 2 moved up" for the first `n` places; "unchanged" when nothing moved. */
export function changeSummary(changes: readonly ListChange[], n = changes.length): string {
  const top = changes.slice(0, n);
  const count = (k: ListChange['kind']) => top.filter((c) => c.kind === k).length;
  const parts = [
    count('new') > 0 ? `${count('new')} new` : '',
    count('up') > 0 ? `${count('up')} moved up` : '',
    count('down') > 0 ? `${count('down')} moved down` : '',
  ].filter(Boolean);
  return parts.length === 0 ? 'unchanged' : parts.join(', ');
}
