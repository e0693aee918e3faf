import { describe, expect, it } from 'vitest';
import { buildImdbMap } from '../data/import/imdbMap';
import { createImportHandler } from './importHandler';
import type { ImportCatalog, ImportEvent } from './importProtocol';

const catalog: ImportCatalog = {
  movieIds: Int32Array.from([1, 2571]),
  titles: ['Toy Story', 'Matrix, The'],
  years: Int16Array.from([1995, 1999]),
};
const buf = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

function setup(imdbOk = true) {
  const events: ImportEvent[] = [];
  const fetched: string[] = [];
  const handler = createImportHandler({
    post: (e) => events.push(e),
    fetch: async (url) => {
      fetched.push(url);
      return imdbOk
        ? new Response(
            JSON.stringify(buildImdbMap([1, 2571], [{ movieId: 1, imdbId: '0114709', tmdbId: '' }])),
          )
        : new Response('nope', { status: 404 });
    },
  });
  return { handler, events, fetched };
}

describe('import worker handler', () => {
  it('fetches imdb.json once, for IMDb files only, and answers each request by id', async () => {
    const { handler, events, fetched } = setup();
    await handler.handle({
      type: 'read',
      id: 1,
      name: 'l.csv',
      bytes: buf('Date,Name,Year,Rating\n2020-01-01,The Matrix,1999,4'),
      imdbUrl: 'http://x/model/imdb.json',
      catalog,
    });
    expect(fetched).toEqual([]);
    const imdb = 'Const,Your Rating,Title,Year\ntt0114709,7,Toy Story,1995\n';
    await handler.handle({
      type: 'read',
      id: 2,
      name: 'i.csv',
      bytes: buf(imdb),
      imdbUrl: 'http://x/model/imdb.json',
    });
    await handler.handle({
      type: 'read',
      id: 3,
      name: 'i.csv',
      bytes: buf(imdb),
      imdbUrl: 'http://x/model/imdb.json',
    });
    expect(fetched).toEqual(['http://x/model/imdb.json']);
    expect(events.map((e) => [e.type, e.requestId])).toEqual([
      ['review', 1],
      ['review', 2],
      ['review', 3],
    ]);
    const last = events[2];
    expect(last?.type === 'review' && last.review.matched).toEqual([
      { movieId: 1, rating: 3.5, line: 2, when: NaN, how: 'imdb' },
    ]);
  });

  it('falls back to titles with a warning when imdb.json cannot be loaded; picks another user', async () => {
    const { handler, events } = setup(false);
    await handler.handle({
      type: 'read',
      id: 1,
      name: 'i.csv',
      bytes: buf('Const,Your Rating,Title,Year\ntt0133093,10,The Matrix,1999\n'),
      imdbUrl: 'http://x/imdb.json',
      catalog,
    });
    const e = events[0];
    expect(e?.type === 'review' && e.review.warning).toMatch(/HTTP 404/);
    expect(e?.type === 'review' && e.review.matched.map((m) => m.how)).toEqual(['title']);
    await handler.handle({
      type: 'read',
      id: 2,
      name: 'm.csv',
      bytes: buf('userId,movieId,rating\n3,1,4\n5,2571,2\n'),
      imdbUrl: 'http://x/imdb.json',
    });
    await handler.handle({ type: 'pick', id: 3, userId: 5 });
    const picked = events[2];
    expect(picked?.type === 'review' && [picked.review.userId, picked.review.matched[0]?.movieId]).toEqual([
      5, 2571,
    ]);
  });

  it('answers a bad file with its message', async () => {
    const { handler, events } = setup();
    await handler.handle({ type: 'read', id: 1, name: 'x.csv', bytes: buf(''), imdbUrl: '', catalog });
    expect(events[0]).toMatchObject({
      type: 'failed',
      requestId: 1,
      message: 'The file is empty (0 bytes).',
    });
  });
});
