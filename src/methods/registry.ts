/**
 * The one registry of methods: every name the training, the evaluation, `npm run predict`, the
 * worker and the UI know, with its label, colour, family and needs. Plain data, free of
 * TensorFlow.js, so the main thread may import it too. Adding a method starts here.
 */

/** The meta-learners `npm run train` trains (the order of --methods and of the reports). */
export const META_LEARNERS = ['encoder', 'maml', 'fomaml', 'reptile', 'metasgd'] as const;
export type MetaLearner = (typeof META_LEARNERS)[number];

/** Every method a shipped model can hold: the meta-learners and the two references. */
export const MODEL_METHODS = [...META_LEARNERS, 'pretrain', 'prototype'] as const;
export type ModelMethod = (typeof MODEL_METHODS)[number];

/** Baselines fitted on meta-train ratings at evaluation time (not shipped in the model). */
export const BASELINES = [
  'popularity',
  'itemknn',
  'ease',
  'ease-pop',
  'puresvd',
  'mf-foldin',
  'bias',
  'global-mean',
  'item-mean',
] as const;
export type Baseline = (typeof BASELINES)[number];

/** Every name the evaluation and `npm run predict --method` accept, in report order. */
export const EVAL_METHODS = [...MODEL_METHODS, 'meta-init', ...BASELINES] as const;
export type EvalMethodName = (typeof EVAL_METHODS)[number];

export type MethodFamily =
  /** Gradient-based meta-learning: a learned start (and rates) for inner steps. */
  | 'gradient-meta'
  /** Model-based meta-learning: a set encoder maps the support to a state in one pass. */
  | 'model-meta'
  /** Metric-based: the state is a weighted mean of the rated movies' vectors. */
  | 'metric'
  /** The same model trained without episodes, then fine-tuned. */
  | 'reference'
  /** What a recommender engineer tries first. */
  | 'baseline';

export interface MethodInfo {
  name: EvalMethodName;
  label: string;
  /** Chart colour. */
  color: string;
  family: MethodFamily;
  /** Predicts stars: RMSE applies and `npm run predict --query` works. */
  stars: boolean;
  /** Ships in the model and runs in the browser worker. */
  live: boolean;
  description: string;
}

export const METHOD_INFO: Record<EvalMethodName, MethodInfo> = {
  encoder: {
    name: 'encoder',
    label: 'Set encoder',
    color: '#7c3aed',
    family: 'model-meta',
    stars: false,
    live: true,
    description:
      'Model-based meta-learning: a set encoder, trained on few-shot episodes, maps the rated movies to a user state in one pass; a few inner steps then refine it.',
  },
  maml: {
    name: 'maml',
    label: 'MAML',
    color: '#4f46e5',
    family: 'gradient-meta',
    stars: false,
    live: true,
    description:
      "Second-order MAML: the initial state, the item space and the weight of each star rating are learned so that a few gradient steps on a newcomer's ratings give the best list.",
  },
  fomaml: {
    name: 'fomaml',
    label: 'First-order MAML',
    color: '#0891b2',
    family: 'gradient-meta',
    stars: false,
    live: true,
    description: 'MAML without differentiating through the inner steps (cheaper, an approximation).',
  },
  reptile: {
    name: 'reptile',
    label: 'Reptile',
    color: '#059669',
    family: 'gradient-meta',
    stars: false,
    live: true,
    description:
      'The initial state moves toward the states users adapt to; the items take the first-order gradient at the adapted state.',
  },
  metasgd: {
    name: 'metasgd',
    label: 'Meta-SGD',
    color: '#d97706',
    family: 'gradient-meta',
    stars: false,
    live: true,
    description: 'MAML that also learns a separate inner learning rate for every entry of the user state.',
  },
  pretrain: {
    name: 'pretrain',
    label: 'Pretrain + fine-tune',
    color: '#64748b',
    family: 'reference',
    stars: false,
    live: true,
    description:
      'The same list model trained the plain way (a free vector per training user, no episodes, no inner loop), then the same inner steps from the mean user.',
  },
  prototype: {
    name: 'prototype',
    label: 'Prototype',
    color: '#db2777',
    family: 'metric',
    stars: false,
    live: true,
    description: "No gradient step: the user state is a weighted mean of the rated movies' vectors.",
  },
  'meta-init': {
    name: 'meta-init',
    label: 'Default method: initialization, no adaptation',
    color: '#94a3b8',
    family: 'reference',
    stars: false,
    live: false,
    description: "The default method's initial state for everyone: what it recommends before any rating.",
  },
  popularity: {
    name: 'popularity',
    label: 'Most popular',
    color: '#9ca3af',
    family: 'baseline',
    stars: false,
    live: false,
    description: 'The movies most rated by meta-train users.',
  },
  itemknn: {
    name: 'itemknn',
    label: 'Item-kNN (cosine)',
    color: '#78716c',
    family: 'baseline',
    stars: false,
    live: false,
    description: 'Movies similar (cosine of who rated them) to the ones you rated.',
  },
  ease: {
    name: 'ease',
    label: 'EASE',
    color: '#0f766e',
    family: 'baseline',
    stars: false,
    live: false,
    description: 'Embarrassingly shallow autoencoder (Steck 2019): a closed-form item-item model.',
  },
  'ease-pop': {
    name: 'ease-pop',
    label: 'EASE + popularity prior',
    color: '#be123c',
    family: 'baseline',
    stars: false,
    live: false,
    description:
      'EASE plus beta log(1 + count), beta chosen on meta-val for each K: the strongest classic list.',
  },
  puresvd: {
    name: 'puresvd',
    label: 'PureSVD fold-in',
    color: '#4d7c0f',
    family: 'baseline',
    stars: false,
    live: false,
    description: 'Truncated SVD of who rated what (Cremonesi et al. 2010); a newcomer is folded in.',
  },
  'mf-foldin': {
    name: 'mf-foldin',
    label: 'MF fold-in (ALS, ridge)',
    color: '#1f2937',
    family: 'baseline',
    stars: true,
    live: false,
    description:
      'Matrix factorization of the star ratings; a newcomer by ridge regression; the list by predicted stars.',
  },
  bias: {
    name: 'bias',
    label: 'Bias baseline (mu + b_i + b_u)',
    color: '#a16207',
    family: 'baseline',
    stars: true,
    live: false,
    description: 'Global mean plus item and user offsets; the list by predicted stars.',
  },
  'global-mean': {
    name: 'global-mean',
    label: 'Global mean',
    color: '#d1d5db',
    family: 'baseline',
    stars: true,
    live: false,
    description: 'The mean rating for every movie.',
  },
  'item-mean': {
    name: 'item-mean',
    label: 'Item mean',
    color: '#a8a29e',
    family: 'baseline',
    stars: true,
    live: false,
    description: "Each movie's (shrunk) mean rating.",
  },
};

export function isEvalMethod(name: string): name is EvalMethodName {
  return (EVAL_METHODS as readonly string[]).includes(name);
}

export function isModelMethod(name: string): name is ModelMethod {
  return (MODEL_METHODS as readonly string[]).includes(name);
}

/** Label and colour of any name (unknown names get themselves and a grey). */
export const labelOf = (name: string): string => (isEvalMethod(name) ? METHOD_INFO[name].label : name);
export const colorOf = (name: string): string => (isEvalMethod(name) ? METHOD_INFO[name].color : '#6b7280');
