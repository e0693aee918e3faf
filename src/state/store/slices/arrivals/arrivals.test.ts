import { beforeEach, describe, expect, it } from 'vitest';
import type { ArrivalDone } from '../../../../worker/arrivalsProtocol';
import { getInitialState, useAppStore } from '../..';
import { arrivalAudienceCount, arrivalInVisitorList, arrivalPosition } from './selectors';

const done = (requestId: number, over: Partial<ArrivalDone> = {}): ArrivalDone => ({
  type: 'arrivalDone',
  requestId,
  movies: [
    { index: 0, movieId: 10, title: 'First (2017)', ratings: 5 },
    { index: 1, movieId: 11, title: 'Second (2016)', ratings: 3 },
  ],
  index: 0,
  k: 2,
  placer: 'test',
  path: Float32Array.of(0, 0, 1, 2, 3, 4),
  losses: Float32Array.of(2, 1, 0.5),
  ratings: Float32Array.of(4, 5),
  audience: [
    { id: 'a', name: 'A', rank: 3, inTop: true },
    { id: 'b', name: 'B', rank: 400, inTop: false },
  ],
  visitor: { rank: 7, inTop: true },
  ...over,
});

beforeEach(() => useAppStore.setState(getInitialState()));

describe('arrivals slice', () => {
  it('opens at the address movie and K, clamped to what can be shipped', () => {
    useAppStore.getState().openArrivals({ index: 1, k: 99 });
    expect(useAppStore.getState().arrivals).toMatchObject({ open: true, index: 1, k: 20 });
  });

  it('applies only the newest answer, and K never passes the ratings the movie ships', () => {
    const s = useAppStore.getState();
    s.openArrivals();
    s.arrivalStarted(1);
    s.arrivalStarted(2);
    s.arrivalFinished(done(1));
    expect(useAppStore.getState().arrivals).toMatchObject({ status: 'running', result: null });
    s.setArrivalK(2);
    s.arrivalFinished(done(2));
    expect(useAppStore.getState().arrivals.status).toBe('ready');
    for (let i = 0; i < 10; i++) useAppStore.getState().addArrivalRating();
    expect(useAppStore.getState().arrivals.k).toBe(5);
    useAppStore.getState().pickArrival(1);
    expect(useAppStore.getState().arrivals).toMatchObject({ index: 1, k: 0 });
    useAppStore.getState().setArrivalK(9);
    expect(useAppStore.getState().arrivals.k).toBe(3);
  });

  it('a failure says why and drops the old answer; a stale failure changes nothing', () => {
    const s = useAppStore.getState();
    s.openArrivals();
    s.arrivalStarted(3);
    s.arrivalFinished(done(3));
    s.arrivalFailed(2, 'old');
    expect(useAppStore.getState().arrivals.status).toBe('ready');
    s.arrivalStarted(4);
    s.arrivalFailed(4, 'arrivals.json is damaged');
    expect(useAppStore.getState().arrivals).toMatchObject({
      open: true,
      status: 'error',
      result: null,
      message: 'arrivals.json is damaged',
    });
  });

  it('selects the position, the audience and the card for the visitor list', () => {
    const s = useAppStore.getState();
    expect(arrivalPosition(useAppStore.getState())).toBeNull();
    s.openArrivals();
    s.arrivalStarted(5);
    s.arrivalFinished(done(5));
    const st = useAppStore.getState();
    expect(arrivalPosition(st)).toEqual([3, 4]);
    expect(arrivalAudienceCount(st)).toBe(1);
    expect(arrivalInVisitorList(st)).toEqual({ title: 'First (2017)', rank: 7, movieId: 10 });
    s.closeArrivals();
    expect(arrivalInVisitorList(useAppStore.getState())).toBeNull();
    s.openArrivals();
    s.arrivalStarted(6);
    s.arrivalFinished(done(6, { visitor: { rank: 21, inTop: false } }));
    expect(arrivalInVisitorList(useAppStore.getState())).toBeNull();
  });
});
