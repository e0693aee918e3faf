import { beforeEach, describe, expect, it } from 'vitest';
import { getInitialState, useAppStore } from '../..';

const st = () => useAppStore.getState();

beforeEach(() => useAppStore.setState(getInitialState()));

describe('ui slice: notices', () => {
  it('adds notices in order with distinct ids, informative unless told otherwise', () => {
    st().addNotice('one');
    st().addNotice('two', 'warning');
    const [a, b] = st().notices;
    expect(a).toMatchObject({ text: 'one', tone: 'info' });
    expect(b).toMatchObject({ text: 'two', tone: 'warning' });
    expect(b!.id).toBeGreaterThan(a!.id);
  });

  it('the same text again moves to the end as a new notice instead of showing twice', () => {
    st().addNotice('saved');
    st().addNotice('other');
    const first = st().notices[0]!.id;
    st().addNotice('saved', 'warning');
    expect(st().notices.map((n) => n.text)).toEqual(['other', 'saved']);
    expect(st().notices[1]).toMatchObject({ tone: 'warning' });
    expect(st().notices[1]!.id).not.toBe(first);
  });

  it('a notice with a key replaces the one with that key only, and carries its download', () => {
    const download = { label: 'Save', filename: 'ratings.json', text: '[]' };
    st().addNotice('storage full', 'warning', { key: 'storage' });
    st().addNotice('unrelated');
    st().addNotice('other key', 'info', { key: 'backend' });
    st().addNotice('storage unreadable', 'warning', { key: 'storage', download });
    expect(st().notices.map((n) => n.text)).toEqual(['unrelated', 'other key', 'storage unreadable']);
    expect(st().notices[2]).toMatchObject({ key: 'storage', download });
    // A notice without a key never replaces a keyed one.
    st().addNotice('plain');
    expect(st().notices).toHaveLength(4);
  });

  it('dismisses one notice by id; an unknown id changes nothing', () => {
    st().addNotice('one');
    st().addNotice('two');
    const [a, b] = st().notices;
    st().dismissNotice(a!.id);
    expect(st().notices).toEqual([b]);
    st().dismissNotice(-1);
    expect(st().notices).toEqual([b]);
  });
});

describe('ui slice: panels, display, highlight and the map', () => {
  it('opens and closes a panel, and sets the display mode', () => {
    st().setPanel('settings');
    expect(st().panel).toBe('settings');
    st().setPanel('about');
    expect(st().panel).toBe('about');
    st().setPanel(null);
    expect(st().panel).toBeNull();
    st().setDisplay('present');
    expect(st().display).toBe('present');
  });

  it('highlights a catalog index and clears it, apart from the map focus', () => {
    st().focusOnMap(4);
    st().setHighlight(7);
    expect(st()).toMatchObject({ highlight: 7, mapFocus: { index: 4 } });
    st().setHighlight(null);
    expect(st()).toMatchObject({ highlight: null, mapFocus: { index: 4 } });
  });

  it('a picked movie waits for its neighbours; a new pick drops the old ones', () => {
    st().focusOnMap(4);
    expect(st().mapFocus).toEqual({ index: 4, neighbours: null });
    st().neighboursFound(4, [9, 2]);
    expect(st().mapFocus).toEqual({ index: 4, neighbours: [9, 2] });
    st().focusOnMap(9);
    expect(st().mapFocus).toEqual({ index: 9, neighbours: null });
    st().focusOnMap(null);
    expect(st().mapFocus).toBeNull();
  });

  it('ignores neighbours of a movie no longer picked, or when nothing is picked', () => {
    st().neighboursFound(4, [1]);
    expect(st().mapFocus).toBeNull();
    st().focusOnMap(4);
    st().focusOnMap(5);
    st().neighboursFound(4, [1]);
    expect(st().mapFocus).toEqual({ index: 5, neighbours: null });
  });
});
