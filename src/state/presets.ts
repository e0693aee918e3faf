/**
 * Demo personas: a few ratings each, played one by one with a pause so a room can watch cold start
 * turn warm. Movie ids are MovieLens ids (a retrained model keeps them); ids the catalog lacks are
 * skipped when played.
 */
import type { RatedMovie } from './persistence';

export interface Persona {
  id: string;
  name: string;
  blurb: string;
  ratings: RatedMovie[];
}

export const PERSONAS: Persona[] = [
  {
    id: 'scifi',
    name: 'Sci-fi fan',
    blurb: 'Loves space and robots, not romance.',
    ratings: [
      { movieId: 260, rating: 5 },
      { movieId: 1721, rating: 1.5 },
      { movieId: 2571, rating: 5 },
      { movieId: 541, rating: 4.5 },
      { movieId: 1214, rating: 4.5 },
      { movieId: 924, rating: 4 },
      { movieId: 79132, rating: 5 },
    ],
  },
  {
    id: 'family',
    name: 'Family-film parent',
    blurb: 'Animation and adventures the kids can watch; no violence.',
    ratings: [
      { movieId: 1, rating: 5 },
      { movieId: 296, rating: 1 },
      { movieId: 364, rating: 4.5 },
      { movieId: 6377, rating: 5 },
      { movieId: 2959, rating: 1.5 },
      { movieId: 4306, rating: 4.5 },
      { movieId: 8961, rating: 4.5 },
    ],
  },
  {
    id: 'noir',
    name: 'Film-noir buff',
    blurb: 'Shadows, detectives and the 1940s; blockbusters bore them.',
    ratings: [
      { movieId: 913, rating: 5 },
      { movieId: 1252, rating: 5 },
      { movieId: 4306, rating: 1.5 },
      { movieId: 3435, rating: 4.5 },
      { movieId: 1617, rating: 4.5 },
      { movieId: 1212, rating: 5 },
      { movieId: 5349, rating: 2 },
    ],
  },
];

/** The store functions a persona needs (the app's store satisfies this). */
interface PresetStore {
  getState: () => {
    movieIndex: Map<number, number>;
    teach: { preset: { id: string; done: number; total: number } | null };
    rate: (movieId: number, rating: number) => void;
    resetRatings: () => void;
    setPreset: (p: { id: string; done: number; total: number } | null) => void;
  };
}

/**
 * Play a persona: clear the ratings, then rate its movies one by one with `pauseMs` between them.
 * Stops when the preset is cleared (Stop, Reset, or another persona). Returns a stop function.
 */
export function playPersona(store: PresetStore, persona: Persona, pauseMs: number): () => void {
  const known = persona.ratings.filter((r) => store.getState().movieIndex.has(r.movieId));
  const token = { id: persona.id, done: 0, total: known.length };
  store.getState().resetRatings();
  store.getState().setPreset(token);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const step = (j: number) => {
    const s = store.getState();
    if (s.teach.preset?.id !== persona.id || s.teach.preset.total !== known.length) return;
    const r = known[j];
    if (!r) {
      s.setPreset(null);
      return;
    }
    s.rate(r.movieId, r.rating);
    s.setPreset({ ...token, done: j + 1 });
    timer = setTimeout(() => step(j + 1), j + 1 < known.length ? pauseMs : 0);
  };
  timer = setTimeout(() => step(0), Math.min(pauseMs, 300));
  return () => {
    if (timer) clearTimeout(timer);
    if (store.getState().teach.preset?.id === persona.id) store.getState().setPreset(null);
  };
}
