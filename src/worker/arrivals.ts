/**
 * The "New arrivals" request (issue 17): read arrivals.json once (validated; a missing or damaged
 * file answers `arrivalsUnavailable`, never an error that stops the app), place one held-out movie
 * from its features and its first K ratings (the placer of src/model), project its path onto the
 * map like the catalog's movies, and rank it in each persona's list (personas adapted once, cached)
 * and in the visitor's (the latest adaptation). Orchestration only: the math is src/model's. Never
 * touches `self`.
 */
import { parseArrivals, type ArrivalsFile } from '../model/arrivalsFormat';
import { warmupFromJson } from '../model/itemWarmupFormat';
import { warmupPlacer } from '../model/itemWarmupInner';
import type { NewItemPlacer, NewItemState } from '../model/newItem';
import { catalogScores, newItemScore, rankAmong } from '../model/newItemRank';
import { projectItem } from '../model/projection';
import { provisionalPlacer } from '../model/provisionalPlacer';
import type { Recommender } from '../model/recommender';
import type { ArrivalDone, ArrivalRequest, AudienceMember, AudienceRank } from './arrivalsProtocol';
import type { HandlerDeps, Session } from './session';

const TOP = 20;

/** A user's catalog scores and rated movies (a persona's, cached by id and ratings). */
interface Viewer {
  key: string;
  u: Float32Array;
  scores: Float32Array;
  rated: Set<number>;
}

/**
 * The placer the panel runs: the meta-learned warm-up when the model ships one that fits it, else
 * (an older model, or a damaged file) the provisional stand-in, named as such on the panel.
 */
async function placerFor(
  url: string,
  deps: HandlerDeps,
  rec: Recommender,
  numFeatures: number,
): Promise<NewItemPlacer> {
  let why: string;
  try {
    const res = await deps.fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    // A static host's fallback page for a file it lacks is not JSON either.
    const json: unknown = await res.json().catch(() => {
      throw new Error('the answer is not JSON');
    });
    const { params } = warmupFromJson(json);
    if (params.dim !== rec.dim || params.numFeatures !== numFeatures)
      throw new Error(`it was trained for dimension ${params.dim} and ${params.numFeatures} features`);
    return warmupPlacer(params, params.innerSteps, 'the meta-learned warm-up');
  } catch (e) {
    why = (e as Error).message;
  }
  const stand = provisionalPlacer(rec.params);
  return {
    ...stand,
    name: `${stand.name}, because this model ships no usable meta-learned warm-up (itemWarmup.json: ${why}; npm run train writes it)`,
  };
}

export function createArrivals(session: Session, deps: HandlerDeps) {
  let file: { url: string; parsed: ArrivalsFile } | null = null;
  let placer: { url: string; placer: NewItemPlacer } | null = null;
  const personas = new Map<string, Viewer>();
  /** Bumped by every arrival request: only the newest is answered. */
  let generation = 0;
  /** The model the caches belong to (a new init empties them). */
  let owner: Session['model'] = null;

  async function load(url: string): Promise<ArrivalsFile> {
    const model = session.model;
    if (!model) throw new Error('The model is not loaded yet.');
    if (file?.url === url) return file.parsed;
    let json: unknown;
    try {
      const res = await deps.fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      json = await res.json().catch(() => {
        throw new Error('the answer is not JSON');
      });
    } catch (e) {
      throw new Unavailable(`arrivals.json could not be read (${(e as Error).message}).`);
    }
    try {
      const ids = model.catalog.movies.map((m) => m[0]);
      file = { url, parsed: parseArrivals(json, model.manifest.dim, ids) };
    } catch (e) {
      throw new Unavailable((e as Error).message);
    }
    return file.parsed;
  }

  async function viewer(rec: Recommender, m: AudienceMember): Promise<Viewer> {
    const key = `${Array.from(m.items).join(',')}:${Array.from(m.ratings).join(',')}`;
    const known = personas.get(m.id);
    if (known?.key === key) return known;
    const { phi } = await rec.adapt({ items: m.items, ratings: m.ratings });
    const v = toViewer(rec, phi, m.items, key);
    personas.set(m.id, v);
    return v;
  }

  async function run(req: ArrivalRequest): Promise<void> {
    const mine = ++generation;
    const { model, appMethod } = session;
    if (!model || !appMethod) throw new Error('The model is not loaded yet.');
    if (owner !== model) {
      owner = model;
      file = null;
      placer = null;
      personas.clear();
    }
    let parsed: ArrivalsFile;
    try {
      parsed = await load(req.url);
    } catch (e) {
      if (!(e instanceof Unavailable)) throw e;
      deps.post({ type: 'arrivalsUnavailable', requestId: req.id, message: e.message });
      return;
    }
    const movie = parsed.movies[Math.max(0, Math.min(parsed.movies.length - 1, Math.floor(req.index) || 0))];
    if (!movie) throw new Error('arrivals.json has no movies.');
    const k = Math.max(0, Math.min(movie.ratings.length, Math.floor(req.k) || 0));
    const rec = session.recommender(appMethod);
    const d = rec.dim;
    const f = model.manifest.numFeatures;
    const raterStates = new Float32Array(k * d);
    movie.raters.slice(0, k).forEach((u, r) => raterStates.set(u, r * d));
    const ratings = Float32Array.from(movie.ratings.slice(0, k));
    const features = model.features.slice(movie.index * f, (movie.index + 1) * f);
    if (placer?.url !== req.warmupUrl)
      placer = { url: req.warmupUrl, placer: await placerFor(req.warmupUrl, deps, rec, f) };
    const path = placer.placer.place({ features, raterStates, ratings });
    const last = path.states[path.states.length - 1] as NewItemState;

    const audience: AudienceRank[] = [];
    for (const m of req.audience) {
      const v = await viewer(rec, m);
      audience.push(rankFor(session, v, last, movie.index, m));
    }
    const you = session.visitor ?? { phi: rec.params.userInit, rated: new Int32Array(0) };
    const visitor = toViewer(rec, you.phi, you.rated, '');
    const rank = rankAmong(
      newItemScore(visitor.u, last),
      visitor.scores,
      visitor.rated,
      movie.index,
      session.listable,
    );
    if (mine !== generation) {
      deps.post({ type: 'cancelled', requestId: req.id });
      return;
    }
    const done: ArrivalDone = {
      type: 'arrivalDone',
      requestId: req.id,
      movies: parsed.movies.map((m, i) => ({
        index: i,
        movieId: m.movieId,
        title: m.title,
        ratings: m.ratings.length,
      })),
      index: parsed.movies.indexOf(movie),
      k,
      placer: placer.placer.name,
      path: projectStates(model.manifest.projection, path.states),
      losses: Float32Array.from(path.losses),
      ratings,
      audience: audience.sort((a, b) => a.rank - b.rank),
      visitor: { rank, inTop: rank <= TOP },
    };
    deps.post(done, [done.path.buffer, done.losses.buffer, done.ratings.buffer]);
  }

  return { run };
}

/** arrivals.json is missing or damaged (answered with `arrivalsUnavailable`). */
class Unavailable extends Error {}

function toViewer(rec: Recommender, phi: Float32Array, rated: ArrayLike<number>, key: string): Viewer {
  const u = phi.slice(0, rec.dim);
  const scores = catalogScores(u, rec.vectors, rec.biases, rec.dim + 1, rec.dim);
  return { key, u, scores, rated: new Set(Array.from(rated)) };
}

function rankFor(
  session: Session,
  v: Viewer,
  item: NewItemState,
  self: number,
  m: AudienceMember,
): AudienceRank {
  const rank = rankAmong(newItemScore(v.u, item), v.scores, v.rated, self, session.listable);
  return { id: m.id, name: m.name, rank, inTop: rank <= TOP };
}

/** Map positions of item states, like the catalog's movies (projectItem on [v, b] rows). */
function projectStates(projection: Parameters<typeof projectItem>[0], states: NewItemState[]): Float32Array {
  const out = new Float32Array(states.length * 2);
  states.forEach((s, i) => {
    const [x, y] = projectItem(projection, s.vector, 0, s.vector.length);
    out[2 * i] = Number.isFinite(x) ? x : 0;
    out[2 * i + 1] = Number.isFinite(y) ? y : 0;
  });
  return out;
}
