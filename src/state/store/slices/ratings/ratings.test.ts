import { beforeEach, describe, expect, it } from 'vitest';
import { getInitialState, useAppStore } from '../..';

const st = () => useAppStore.getState();

describe('ratings: undo and skipped movies', () => {
  beforeEach(() => useAppStore.setState(getInitialState()));

  it('undoes a new rating, a changed rating (back in its place) and a removal', () => {
    st().rate(1, 4);
    st().rate(2, 3);
    st().undo();
    expect(st().rated).toEqual([{ movieId: 1, rating: 4 }]);
    st().rate(2, 3);
    st().rate(1, 2);
    st().undo();
    expect(st().rated).toEqual([
      { movieId: 1, rating: 4 },
      { movieId: 2, rating: 3 },
    ]);
    st().unrate(1);
    expect(st().lastAction).toMatchObject({ kind: 'remove', movieId: 1, before: { rating: 4 } });
    st().undo();
    expect(
      st()
        .rated.map((r) => r.movieId)
        .sort(),
    ).toEqual([1, 2]);
    expect(st().lastAction).toBeNull();
    st().undo();
    expect(st().rated).toHaveLength(2);
  });

  it('undoes a skip, and a rating of a skipped movie skips it again', () => {
    st().skip(7);
    expect(st().lastAction).toMatchObject({ kind: 'skip', movieId: 7 });
    st().undo();
    expect(st().skipped).toEqual([]);
    st().skip(7);
    st().rate(7, 5);
    expect(st().skipped).toEqual([]);
    st().undo();
    expect(st().rated).toEqual([]);
    expect(st().skipped).toEqual([7]);
  });

  it('unskip offers a movie again; a reset forgets the last action', () => {
    st().skip(3);
    st().skip(4);
    st().unskip(3);
    expect(st().skipped).toEqual([4]);
    st().resetRatings();
    expect(st().lastAction).toBeNull();
  });

  it('marks what changed only when the ratings changed', () => {
    const rec = (index: number) => ({ index, score: 0, predicted: null, because: [] });
    const done = (requestId: number, list: number[]) =>
      ({
        type: 'adaptDone',
        requestId,
        method: 'maml',
        losses: new Float32Array(1),
        trajectory: new Float32Array(2),
        recommendations: list.map(rec),
        predictedRated: null,
        ms: 1,
      }) as never;
    const run = (id: number, items: number[], list: number[]) => {
      st().adaptStarted(id, items.length);
      st().adaptFinished(
        done(id, list),
        Int32Array.from(items),
        Float32Array.from(items, () => 4),
      );
    };
    run(1, [], [1, 2, 3]);
    expect(st().adapt.previousTop).toBeNull();
    run(2, [9], [3, 1, 4]);
    expect(st().adapt.previousTop).toEqual([1, 2, 3]);
    // The same ratings again (another backend, a restart): the marks still compare with the list before.
    run(3, [9], [3, 1, 4]);
    expect(st().adapt.previousTop).toEqual([1, 2, 3]);
  });

  it('imports ratings by merging or replacing, un-skips imported movies, and undoes an import in one step', () => {
    st().rate(1, 4);
    st().rate(2, 3);
    st().skip(9);
    st().importRatings(
      [
        { movieId: 2, rating: 5 },
        { movieId: 9, rating: 1 },
        { movieId: 8, rating: 2.5 },
      ],
      'merge',
    );
    expect(st().rated).toEqual([
      { movieId: 1, rating: 4 },
      { movieId: 2, rating: 5 },
      { movieId: 9, rating: 1 },
      { movieId: 8, rating: 2.5 },
    ]);
    expect(st().skipped).toEqual([]);
    expect(st().lastAction).toMatchObject({ kind: 'import', mode: 'merge', count: 3 });
    st().undo();
    expect(st().rated).toEqual([
      { movieId: 1, rating: 4 },
      { movieId: 2, rating: 3 },
    ]);
    expect(st().skipped).toEqual([9]);
    st().importRatings([{ movieId: 8, rating: 2.5 }], 'replace');
    expect(st().rated).toEqual([{ movieId: 8, rating: 2.5 }]);
    expect(st().skipped).toEqual([9]);
    st().undo();
    expect(st().rated).toHaveLength(2);
    expect(st().lastAction).toBeNull();
  });
});
