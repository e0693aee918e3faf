/**
 * An adaptive interview tree (Golbandi, Koren and Lempel, WSDM 2011): each node asks about one
 * movie and has three branches, rated >= 4 / rated < 4 / haven't seen, so the next question
 * depends on the last answers. Learned greedily on meta-train users: at each node, among the
 * movies most rated by the node's users (plus a few seeded extra candidates), the one whose
 * three-way split makes each group's most liked movies the best top-20 for its members
 * (leave-one-out, Recall@20 on the never-asked ratings, the evaluation's measure). Cheap: limited
 * depth, candidates per node and node size. Past a leaf the interview falls back to another
 * strategy. Pure TypeScript; the same seed gives the same tree.
 */
import { createRng } from '../../data/rng';
import type { UserHistory } from '../../data/types';
import type { InterviewStrategy } from '../../methods/interview';
import { LIKED_RATING } from '../listEpisodes';

export interface TreeNode {
  /** Catalog index of the movie asked. */
  item: number;
  /** Child node per answer: [rated >= 4, rated < 4, haven't seen]; -1 = leaf (fall back). */
  children: [number, number, number];
  /** Meta-train users that reached the node (for the report). */
  users: number;
}

export interface InterviewTree {
  /** nodes[0] is the root. */
  nodes: TreeNode[];
  /** The strategy past a leaf. */
  fallback: InterviewStrategy;
}

export interface TreeOptions {
  numItems: number;
  /** Deepest question (the root is depth 1). */
  depth: number;
  /** Movies tried per node. */
  candidates: number;
  /** A node with fewer users is a leaf. */
  minUsers: number;
  seed: number;
  excluded?: ReadonlySet<number>;
  fallback: InterviewStrategy;
}

const LIST = 20;
/** Items of a group's list kept before the leave-one-out re-ranking. */
const SHORTLIST = 48;

/** Which branch an answer takes. */
export const branchOf = (rating: number | null): 0 | 1 | 2 =>
  rating === null ? 2 : rating >= LIKED_RATING ? 0 : 1;

/**
 * The tree's next question given the answers so far (in any order: the walk follows the answers
 * to the tree's own questions), or null past a leaf.
 */
export function walkTree(
  tree: InterviewTree,
  answers: readonly { item: number; rating: number | null }[],
): number | null {
  const byItem = new Map(answers.map((a) => [a.item, a.rating]));
  let at = 0;
  for (let guard = 0; guard < tree.nodes.length + 1; guard++) {
    const node = tree.nodes[at];
    if (!node) return null;
    if (!byItem.has(node.item)) return node.item;
    const next = node.children[branchOf(byItem.get(node.item) ?? null)];
    if (next < 0) return null;
    at = next;
  }
  return null;
}

interface UserLikes {
  liked: Int32Array;
  rating: Map<number, number>;
}

/** Learn a tree on meta-train histories. */
export function learnTree(histories: readonly UserHistory[], opts: TreeOptions): InterviewTree {
  const rng = createRng(opts.seed);
  const users: UserLikes[] = histories.map((h) => {
    const rating = new Map<number, number>();
    const liked: number[] = [];
    h.items.forEach((item, j) => {
      const r = h.ratings[j] ?? 0;
      rating.set(item, r);
      if (r >= LIKED_RATING) liked.push(item);
    });
    return { liked: Int32Array.from(liked), rating };
  });
  const counts = new Float32Array(opts.numItems);
  const nodes: TreeNode[] = [];

  /** Sum over members of leave-one-out Recall@20 of the group's most liked movies, path excluded. */
  const groupValue = (members: number[], path: ReadonlySet<number>): number => {
    if (members.length === 0) return 0;
    const touched: number[] = [];
    for (const u of members)
      for (const i of (users[u] as UserLikes).liked) {
        if (path.has(i)) continue;
        if (counts[i] === 0) touched.push(i);
        counts[i]! += 1;
      }
    const short = touched.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b).slice(0, SHORTLIST);
    let total = 0;
    for (const u of members) {
      const mine = users[u] as UserLikes;
      let relevant = 0;
      for (const i of mine.liked) if (!path.has(i)) relevant++;
      if (relevant === 0) continue;
      const own = (i: number) => (mine.rating.get(i) ?? 0) >= LIKED_RATING;
      const ranked = short
        .map((i) => ({ i, c: (counts[i] ?? 0) - (own(i) ? 1 : 0) }))
        .sort((a, b) => b.c - a.c || a.i - b.i)
        .slice(0, LIST);
      let hits = 0;
      for (const { i, c } of ranked) if (c > 0 && own(i)) hits++;
      total += hits / Math.min(LIST, relevant);
    }
    for (const i of touched) counts[i] = 0;
    return total;
  };

  const grow = (members: number[], path: Set<number>, depth: number): number => {
    if (depth > opts.depth || members.length < opts.minUsers) return -1;
    // Candidates: the movies most rated by the node's users, and a few seeded ones from further down.
    const rated = new Map<number, number>();
    for (const u of members)
      for (const i of (users[u] as UserLikes).rating.keys())
        if (!path.has(i) && !opts.excluded?.has(i)) rated.set(i, (rated.get(i) ?? 0) + 1);
    const byCount = [...rated].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([i]) => i);
    const head = Math.ceil((opts.candidates * 3) / 4);
    const cands = byCount.slice(0, head);
    const rest = byCount.slice(head, opts.candidates * 4);
    while (cands.length < opts.candidates && rest.length > 0)
      cands.push(rest.splice(rng.int(rest.length), 1)[0] as number);
    let best = -1;
    let bestValue = groupValue(members, path);
    let bestGroups: number[][] = [];
    for (const c of cands) {
      const groups: number[][] = [[], [], []];
      for (const u of members) {
        const r = (users[u] as UserLikes).rating.get(c);
        (groups[branchOf(r ?? null)] as number[]).push(u);
      }
      const withC = new Set(path).add(c);
      const value = groups.reduce((s, g) => s + groupValue(g, withC), 0);
      if (value > bestValue + 1e-9) {
        bestValue = value;
        best = c;
        bestGroups = groups;
      }
    }
    if (best < 0) return -1;
    const id = nodes.length;
    const node: TreeNode = { item: best, children: [-1, -1, -1], users: members.length };
    nodes.push(node);
    const childPath = new Set(path).add(best);
    bestGroups.forEach((g, b) => (node.children[b] = grow(g, childPath, depth + 1)));
    return id;
  };

  grow(
    users.map((_, u) => u),
    new Set(),
    1,
  );
  return { nodes, fallback: opts.fallback };
}

/** The tree with movieIds instead of catalog indices (what interviewPolicy.json stores). */
export interface StoredTree {
  nodes: { movieId: number; children: [number, number, number]; users: number }[];
  fallback: InterviewStrategy;
}

export const storeTree = (t: InterviewTree, movieIds: ArrayLike<number>): StoredTree => ({
  nodes: t.nodes.map((n) => ({ movieId: movieIds[n.item] ?? -1, children: n.children, users: n.users })),
  fallback: t.fallback,
});

/** A stored tree on a catalog; a node whose movie the catalog lacks becomes a leaf's fallback. */
export function loadTree(t: StoredTree, movieIndex: ReadonlyMap<number, number>): InterviewTree {
  return {
    nodes: t.nodes.map((n) => ({
      item: movieIndex.get(n.movieId) ?? -1,
      children: n.children,
      users: n.users,
    })),
    fallback: t.fallback,
  };
}
