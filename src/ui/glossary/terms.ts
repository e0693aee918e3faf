/**
 * The glossary: every word the page explains in a popover (src/ui/glossary/Explain.tsx), in plain
 * words, one or two sentences and, where it helps, a formula in plain text. One entry per term; a
 * method's entry is found through its registry name (src/methods/registry.ts), so a method that
 * ships gets its explanation where its name appears. Plain data, no DOM.
 */

export interface Term {
  /** The word as the page shows it. */
  name: string;
  /** One or two sentences, plain words. */
  text: string;
  /** A formula in plain text (Unicode symbols, no math library), where it helps. */
  formula?: string;
}

export const TERMS = {
  maml: {
    name: 'MAML',
    text: 'Model-agnostic meta-learning: training looks for one starting point from which a few gradient steps on a newcomer’s ratings give them a good list, and learns it by differentiating through those steps.',
    formula: 'θ ← θ − β ∇θ Σ_users L_query(θ − α ∇θ L_support(θ))',
  },
  fomaml: {
    name: 'First-order MAML',
    text: 'MAML without differentiating through the inner steps: the gradient at the adapted state is used as if it were the gradient at the start. Cheaper, and usually almost as good.',
    formula: 'θ ← θ − β Σ_users ∇L_query(θ′), where θ′ = θ − α ∇L_support(θ)',
  },
  reptile: {
    name: 'Reptile',
    text: 'Adapt to one training user for a few steps, then move the starting point a little toward where that adaptation ended; repeated over many users, the start lands where every user is a few steps away.',
    formula: 'θ ← θ + ε (θ′ − θ)',
  },
  metasgd: {
    name: 'Meta-SGD',
    text: 'MAML that also learns the inner learning rate, one for every entry of the user state, so each part of your taste moves at its own speed.',
    formula: 'θ′ = θ − α ⊙ ∇L_support(θ), with the vector α learned',
  },
  encoder: {
    name: 'Set encoder',
    text: 'A small network that reads the set of movies you rated, in any order, and writes your user state in one pass; a few inner steps then refine it.',
  },
  pretrain: {
    name: 'Pretrain + fine-tune',
    text: 'The same model trained the ordinary way on all training users (no simulated newcomers), then fine-tuned on your ratings with the same inner steps: the reference a meta-learner has to beat.',
  },
  prototype: {
    name: 'Prototype',
    text: 'No gradient steps: your user state is a weighted average of the vectors of the movies you rated, higher stars weighing more.',
    formula: 'u = Σ_j w(r_j) v_j / Σ_j w(r_j)',
  },
  support: {
    name: 'Support set',
    text: 'The ratings the model adapts to: yours. In training each simulated newcomer’s ratings are split into a support set to adapt on and a query set to check the result.',
  },
  innerStep: {
    name: 'Inner step',
    text: 'One gradient step on the support set’s loss: your user state moves a little toward what fits your ratings. The learning curve shows the loss after each step.',
    formula: 'u ← u − α ∇L_support(u)',
  },
  learningRate: {
    name: 'Learning rate',
    text: 'How far each inner step moves. Too small and your ratings barely change the list; too large and the step overshoots, so the loss stops falling or grows (diverges).',
    formula: 'step = α × gradient',
  },
  metaInit: {
    name: 'Meta-initialization',
    text: 'The user state everyone starts from before a single rating, learned by meta-training so that a few inner steps from it fit a new person well. On the map it is the hollow point.',
  },
  metaStep: {
    name: 'Meta-step',
    text: 'One step of the outer loop: take a batch of training people, adapt to a few of each one’s ratings, measure how well each adapted list finds their other favourites, and move the shared initialization to do better.',
    formula: 'θ ← θ − β ∇θ Σ_batch L_query(adapt(θ, support))',
  },
  metaBatch: {
    name: 'Meta-batch',
    text: 'How many training people one meta-step learns from. Larger batches give a steadier step and take longer; the whole batch is one computation on the GPU.',
  },
  recall: {
    name: 'Recall@20',
    text: 'Of the movies a test user liked (4 stars or more) among their hidden ratings, the share that appears in the top 20 of the whole catalog.',
    formula: 'Recall@20 = liked movies in the top 20 / all liked movies',
  },
  ndcg: {
    name: 'nDCG@20',
    text: 'Like Recall@20, but a liked movie counts more the nearer the top it is listed; 1 means every liked movie is at the very top.',
    formula:
      'DCG = Σ over liked movies in the top 20 of 1 / log₂(rank + 1); nDCG = DCG / the best possible DCG',
  },
  ci: {
    name: '95% confidence interval',
    text: 'The range that would hold the true mean in 95 of 100 evaluations on new users. Overlapping bands do not prove there is no difference: the paired comparison below the charts says.',
    formula: 'mean ± 1.96 × standard deviation / √(number of users)',
  },
} as const satisfies Record<string, Term>;

export type TermId = keyof typeof TERMS;

export const TERM_IDS = Object.keys(TERMS) as TermId[];

export const isTermId = (x: string): x is TermId => Object.hasOwn(TERMS, x);

/** The methods with an entry, by their registry names (src/methods/registry.ts). */
export const METHOD_TERMS = [
  'maml',
  'fomaml',
  'reptile',
  'metasgd',
  'encoder',
  'pretrain',
  'prototype',
] as const satisfies readonly TermId[];

/** A method's entry by its registry name (the compare view's, the model's, the report's); null: none. */
export function termOfMethod(method: string): TermId | null {
  return (METHOD_TERMS as readonly string[]).includes(method) ? (method as TermId) : null;
}
