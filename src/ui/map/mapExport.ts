/** The taste map's PNG export: its file named after the method and the ratings it shows, and its title. */
import type { AppState } from '../../state/store';
import type { ExportSpec } from '../export/exportFigure';

export function mapExportSpec(s: AppState): ExportSpec {
  const method = s.model?.methods.find((m) => m.name === s.model?.appMethod);
  const k = s.rated.length;
  return {
    name: { figure: 'taste-map', method: method?.name ?? null, k },
    title: 'Taste map: every movie, and your path from the meta-learned start',
    subtitle: `${method?.label ?? 'The app’s method'} on ${k} rating${k === 1 ? '' : 's'}; a PCA of the movie vectors`,
  };
}
