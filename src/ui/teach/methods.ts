/** Colours and short labels of the compared methods (shared by the compare view and the evaluation charts). */
export const METHOD_COLORS: Record<string, string> = {
  maml: '#4f46e5',
  fomaml: '#0891b2',
  reptile: '#059669',
  metasgd: '#d97706',
  prototype: '#db2777',
  pretrain: '#64748b',
  bias: '#a16207',
  'mf-foldin': '#1f2937',
};

export const METHOD_LABELS: Record<string, string> = {
  maml: 'MAML',
  fomaml: 'First-order MAML',
  reptile: 'Reptile',
  metasgd: 'Meta-SGD',
  prototype: 'Prototype',
  pretrain: 'Pretrain + fine-tune',
  bias: 'Bias baseline',
  'mf-foldin': 'MF fold-in',
};

export const colorOf = (m: string): string => METHOD_COLORS[m] ?? '#6b7280';
export const labelOf = (m: string): string => METHOD_LABELS[m] ?? m;
