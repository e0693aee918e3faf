import { describe, expect, it } from 'vitest';
import {
  catalogBounds,
  FIT_VIEW,
  MAX_ZOOM,
  MIN_ZOOM,
  nearestPoint,
  pinchStep,
  pointsOf,
  tipPosition,
  toScreen,
  toWorld,
  withPoints,
  youPath,
  zoomAbout,
  type Bounds,
  type View,
} from './geometry';

const SIZE = { width: 600, height: 360 };
const UNIT: Bounds = { x0: 0, x1: 1, y0: 0, y1: 1 };

describe('catalogBounds', () => {
  it('spans the 1st to 99th percentile with an 8% margin, so an outlier does not squash the map', () => {
    // 101 points on the diagonal 0..100, and one far outlier.
    const xy = [...Array.from({ length: 101 }, (_, i) => [i, i]).flat(), 1e6, -1e6];
    const b = catalogBounds(xy, 102);
    expect(b.x1).toBeLessThan(200);
    expect(b.y0).toBeGreaterThan(-100);
    const xs = catalogBounds(Array.from({ length: 101 }, (_, i) => [i, 2 * i]).flat(), 101);
    // Percentiles 1 and 99 of 0..100 are 1 and 99; margin 8% of 98.
    expect(xs.x0).toBeCloseTo(1 - 0.08 * 98);
    expect(xs.x1).toBeCloseTo(99 + 0.08 * 98);
    expect(xs.y0).toBeCloseTo(2 - 0.08 * 196);
    expect(xs.y1).toBeCloseTo(198 + 0.08 * 196);
  });

  it('gives a unit margin when every point is in one place, and only reads the first n points', () => {
    expect(catalogBounds([3, 4, 3, 4, 99, 99], 2)).toEqual({ x0: 2, x1: 4, y0: 3, y1: 5 });
    expect(catalogBounds([], 0)).toEqual({ x0: -1, x1: 1, y0: -1, y1: 1 });
  });
});

describe('withPoints', () => {
  it('keeps the frame (the same values) when every point is inside it, ignoring non-finite points', () => {
    expect(withPoints(UNIT, [[0.5, 0.5]])).toEqual(UNIT);
    expect(
      withPoints(UNIT, [
        [NaN, 5],
        [0.2, Infinity],
      ]),
    ).toBe(UNIT);
    expect(withPoints(UNIT, [])).toBe(UNIT);
  });

  it('grows in steps of a tenth of the frame to hold a point and a 6% margin, never shrinks', () => {
    const b = withPoints({ x0: 0, x1: 10, y0: 0, y1: 10 }, [[10.1, -0.1]]);
    // 10.1 + 0.6 = 10.7 -> 11; -0.1 - 0.6 = -0.7 -> -1.
    expect(b.x1).toBeCloseTo(11);
    expect(b.y0).toBeCloseTo(-1);
    expect(b.x0).toBe(0);
    expect(b.y1).toBe(10);
    // A slightly different point in the same step keeps the same frame.
    expect(withPoints({ x0: 0, x1: 10, y0: 0, y1: 10 }, [[10.3, -0.3]])).toEqual(b);
  });
});

describe('toScreen and toWorld', () => {
  it('stretches the frame over the map with y up, at zoom 1 and no pan', () => {
    expect(toScreen(UNIT, FIT_VIEW, SIZE, 0, 0)).toEqual([0, 360]);
    expect(toScreen(UNIT, FIT_VIEW, SIZE, 1, 1)).toEqual([600, 0]);
    expect(toScreen(UNIT, FIT_VIEW, SIZE, 0.5, 0.5)).toEqual([300, 180]);
  });

  it('zooms about the centre, then pans', () => {
    const view: View = { k: 2, x: 10, y: -20 };
    expect(toScreen(UNIT, view, SIZE, 0.5, 0.5)).toEqual([310, 160]);
    expect(toScreen(UNIT, view, SIZE, 1, 1)).toEqual([910, -200]);
  });

  it('toWorld is the inverse of toScreen', () => {
    const b: Bounds = { x0: -3, x1: 5, y0: 2, y1: 2.5 };
    const view: View = { k: 3.7, x: -41, y: 12.5 };
    for (const [x, y] of [
      [-3, 2],
      [0.25, 2.4],
      [7, -1],
    ] as const) {
      const [px, py] = toScreen(b, view, SIZE, x, y);
      const [wx, wy] = toWorld(b, view, SIZE, px, py);
      expect(wx).toBeCloseTo(x, 9);
      expect(wy).toBeCloseTo(y, 9);
    }
  });
});

describe('zoomAbout', () => {
  it('keeps the world point under (cx, cy) where it was', () => {
    const before: View = { k: 1.5, x: 20, y: -7 };
    const after = zoomAbout(before, 1.4, 123, 45, SIZE);
    expect(after.k).toBeCloseTo(2.1);
    const w0 = toWorld(UNIT, before, SIZE, 123, 45);
    const w1 = toWorld(UNIT, after, SIZE, 123, 45);
    expect(w1[0]).toBeCloseTo(w0[0], 9);
    expect(w1[1]).toBeCloseTo(w0[1], 9);
  });

  it('about the centre, from the fitted view, only zooms', () => {
    expect(zoomAbout(FIT_VIEW, 2, 300, 180, SIZE)).toEqual({ k: 2, x: 0, y: 0 });
  });

  it('clamps the zoom to MIN_ZOOM..MAX_ZOOM', () => {
    expect(zoomAbout({ k: 30, x: 0, y: 0 }, 10, 300, 180, SIZE).k).toBe(MAX_ZOOM);
    expect(zoomAbout({ k: 1, x: 0, y: 0 }, 0.01, 300, 180, SIZE).k).toBe(MIN_ZOOM);
  });
});

describe('pinchStep', () => {
  it('the first move only measures the distance', () => {
    expect(pinchStep(null, { x: 0, y: 0 }, { x: 30, y: 40 })).toEqual({ dist: 50, zoom: null });
  });

  it('zooms by the ratio of the distances about the point between the fingers', () => {
    const step = pinchStep(50, { x: 10, y: 20 }, { x: 110, y: 20 });
    expect(step.dist).toBe(100);
    expect(step.zoom).toEqual({ factor: 2, cx: 60, cy: 20 });
  });

  it('does not zoom from or to a zero distance', () => {
    expect(pinchStep(0, { x: 0, y: 0 }, { x: 5, y: 0 }).zoom).toBeNull();
    expect(pinchStep(20, { x: 5, y: 5 }, { x: 5, y: 5 }).zoom).toBeNull();
  });
});

describe('nearestPoint', () => {
  const project = (x: number, y: number): [number, number] => toScreen(UNIT, FIT_VIEW, SIZE, x, y);
  // Screen points: (60, 324), (300, 180), (306, 180).
  const xy = [0.1, 0.1, 0.5, 0.5, 0.51, 0.5];

  it('picks the nearest point within the radius', () => {
    expect(nearestPoint(xy, 3, project, 302, 181)).toBe(1);
    expect(nearestPoint(xy, 3, project, 305, 179)).toBe(2);
    expect(nearestPoint(xy, 3, project, 70, 324)).toBe(0);
  });

  it('gives null when nothing is within the radius (strictly), or past the first n points', () => {
    expect(nearestPoint(xy, 3, project, 72, 324)).toBeNull();
    expect(nearestPoint(xy, 3, project, 72, 324, 13)).toBe(0);
    expect(nearestPoint(xy, 1, project, 300, 180)).toBeNull();
    expect(nearestPoint([], 0, project, 0, 0)).toBeNull();
  });
});

describe('paths and the tooltip', () => {
  it('the visitor path starts at the meta-learned start and adds each step', () => {
    expect(youPath(null, [1, 2])).toEqual([]);
    expect(youPath([0, 0], [])).toEqual([[0, 0]]);
    expect(youPath([0, 0], [1, 2, 3, 4, 5])).toEqual([
      [0, 0],
      [1, 2],
      [3, 4],
    ]);
  });

  it('pointsOf reads the first count points of an interleaved array', () => {
    expect(pointsOf(new Float32Array([1, 2, 3, 4]))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(pointsOf([1, 2, 3, 4], 1)).toEqual([[1, 2]]);
  });

  it('the tooltip sits right of and above its point, inside the map', () => {
    expect(tipPosition(100, 100, 600)).toEqual({ left: 112, top: 48 });
    expect(tipPosition(590, 10, 600)).toEqual({ left: 400, top: 0 });
    expect(tipPosition(-50, 100, 600)).toEqual({ left: 0, top: 48 });
  });
});
