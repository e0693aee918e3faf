/**
 * eval/README.md's table of the lists' rating-count floor, rendered from the shipped manifest's
 * `listFloor` (chosen on meta-val by `npm run train`), so no figure in it is typed by hand:
 * `npm run readme` rewrites the part between the floor markers, and a test fails when they differ.
 */
import type { ModelManifest } from '../../src/model/format';

export const FLOOR_START = '<!-- floor:start -->';
export const FLOOR_END = '<!-- floor:end -->';

/** The section, markers included, for a manifest (a model without a floor says so). */
export function renderFloor(
  manifest: Pick<ModelManifest, 'listFloor' | 'defaultMethod' | 'methods'>,
): string {
  const floor = manifest.listFloor;
  const label =
    manifest.methods.find((m) => m.name === manifest.defaultMethod)?.label ?? manifest.defaultMethod;
  if (!floor)
    return [FLOOR_START, '', 'The shipped model has no floor: it lists every movie.', '', FLOOR_END].join(
      '\n',
    );
  const bold = (x: string, on: boolean) => (on ? `**${x}**` : x);
  const rows = floor.byFloor.map((r) => {
    const chosen = r.minRatings === floor.minRatings;
    return `| ${bold(String(r.minRatings), chosen)} | ${bold(String(r.listable), chosen)} | ${bold(r.recall.toFixed(4), chosen)} |`;
  });
  return [
    FLOOR_START,
    '',
    `The shipped model's choice (\`public/model/manifest.json\`, \`listFloor\`), from its default method (${label}) on its meta-val users:`,
    '',
    '| floor (meta-train ratings) | movies that can be listed | meta-val Recall@20 (mean over K) |',
    '| ---: | ---: | ---: |',
    ...rows,
    '',
    `The floor is **${floor.minRatings} ratings**. ${floor.reason}`,
    '',
    FLOOR_END,
  ].join('\n');
}

/** eval/README.md with its floor section replaced. @throws Error when the markers are missing. */
export function withFloor(readme: string, section: string): string {
  const a = readme.indexOf(FLOOR_START);
  const b = readme.indexOf(FLOOR_END);
  if (a < 0 || b < a) throw new Error(`eval/README.md has no ${FLOOR_START} ... ${FLOOR_END} section`);
  return readme.slice(0, a) + section + readme.slice(b + FLOOR_END.length);
}
