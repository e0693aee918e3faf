/**
 * Colours and short labels of the methods: the shipped ones, the bias baseline of the compare view,
 * and the evaluation's baselines (shared by the compare view and the evaluation charts).
 */
export const METHOD_COLORS: Record<string, string> = {
  encoder: '#7c3aed',
  maml: '#4f46e5',
  fomaml: '#0891b2',
  reptile: '#059669',
  metasgd: '#d97706',
  prototype: '#db2777',
  pretrain: '#64748b',
  bias: '#a16207',
  'mf-foldin': '#1f2937',
  popularity: '#9ca3af',
  itemknn: '#0f766e',
  ease: '#b91c1c',
  'ease-pop': '#ea580c',
  puresvd: '#4d7c0f',
};

export const METHOD_LABELS: Record<string, string> = {
  encoder: 'Set encoder',
  maml: 'MAML',
  fomaml: 'First-order MAML',
  reptile: 'Reptile',
  metasgd: 'Meta-SGD',
  prototype: 'Prototype',
  pretrain: 'Pretrain + fine-tune',
  bias: 'Bias baseline',
  'mf-foldin': 'MF fold-in',
  popularity: 'Popularity',
  itemknn: 'Item-kNN',
  ease: 'EASE',
  'ease-pop': 'EASE + popularity',
  puresvd: 'PureSVD',
};

export const colorOf = (m: string): string => METHOD_COLORS[m] ?? '#6b7280';
export const labelOf = (m: string): string => METHOD_LABELS[m] ?? m;
