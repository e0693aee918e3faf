import { describe, expect, it } from 'vitest';
import { getInitialState } from '../..';
import { initialCatalogState } from './initialState';

describe('catalog slice', () => {
  it('is empty until the engine is ready: no catalog or model, empty candidates, index and exclusions', () => {
    const c = initialCatalogState();
    expect(Object.keys(c).sort()).toEqual(['candidates', 'catalog', 'excluded', 'model', 'movieIndex']);
    expect(c.catalog).toBeNull();
    expect(c.model).toBeNull();
    expect(c.candidates).toBeInstanceOf(Int32Array);
    expect(c.candidates).toHaveLength(0);
    expect(c.movieIndex).toBeInstanceOf(Map);
    expect(c.movieIndex.size).toBe(0);
    expect(c.excluded).toBeInstanceOf(Set);
    expect(c.excluded.size).toBe(0);
  });

  it('gives each call its own index and set, and the store starts from it', () => {
    const a = initialCatalogState();
    const b = initialCatalogState();
    expect(a.movieIndex).not.toBe(b.movieIndex);
    expect(a.excluded).not.toBe(b.excluded);
    expect(a.candidates).not.toBe(b.candidates);
    expect(getInitialState()).toMatchObject(a);
  });
});
