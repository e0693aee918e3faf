/**
 * New arrivals (issue 17): a held-out movie placed on the map from its features (K = 0), moved by
 * its ratings one at a time, its inner-loop curve, whom it reaches; the address opens it at a
 * movie and K; a broken arrivals.json disables the panel with a message and the app goes on.
 */
import { expect, test } from './fixtures';

test('a new movie is placed from its features, then moves with each rating it gets', async ({
  app,
  arrivals,
  map,
}) => {
  await app.open();
  await app.waitReady();
  await arrivals.open();
  const zero = await arrivals.waitPlaced(0);
  expect(Number.isFinite(zero.x) && Number.isFinite(zero.y)).toBe(true);
  expect(zero.audience).toBeGreaterThanOrEqual(0);
  await expect(arrivals.personas).toHaveCount(3);
  await expect(map.root).toHaveAttribute('data-arrival-points', '1');
  await expect(arrivals.loss).toHaveAttribute('data-steps', '0');

  await arrivals.addRating.click();
  const one = await arrivals.waitPlaced(1);
  await arrivals.addRating.click();
  await arrivals.addRating.click();
  const three = await arrivals.waitPlaced(3);
  expect(Math.hypot(three.x - zero.x, three.y - zero.y), 'its ratings move it').toBeGreaterThan(0);
  expect(one.x !== three.x || one.y !== three.y).toBe(true);
  // The curve of its inner loop: one point per state, drawn, with its text alternative.
  await expect(arrivals.loss).toHaveAttribute('data-steps', /^[2-9]|\d\d/);
  await expect(arrivals.loss.locator('svg .recharts-line')).toBeVisible();
  await expect(arrivals.loss).toContainText(/Loss from [\d.]+ before the first step/);
  expect(Number(await map.root.getAttribute('data-arrival-points'))).toBeGreaterThan(1);
  // Your own list names it exactly when it would be in your top 20.
  await expect(arrivals.you).toHaveAttribute('data-in-top', /true|false/);
  const inTop = (await arrivals.you.getAttribute('data-in-top')) === 'true';
  await expect(arrivals.inList).toHaveCount(inTop ? 1 : 0);

  // Another movie (of other genres and year than the first) starts over from its features.
  await arrivals.picker.selectOption({ index: (await arrivals.picker.locator('option').count()) - 1 });
  const other = await arrivals.waitPlaced(0);
  expect(other.x !== zero.x || other.y !== zero.y).toBe(true);
});

test('the address opens the panel at a movie and K @app', async ({ app, arrivals }) => {
  await app.open('?arrival=2&ak=5');
  await app.waitReady();
  await expect(arrivals.panel).toBeVisible();
  await arrivals.waitPlaced(5);
  await expect(arrivals.picker).toHaveValue('1');
});

test('a broken arrivals.json disables the panel with a message; the app goes on @app', async ({
  context,
  app,
  arrivals,
  deck,
  list,
}) => {
  // context.route: the worker's requests are the context's, not the page's.
  await context.route('**/model/arrivals.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"formatVersion": 1, "dim": 3' }),
  );
  await app.open();
  await app.waitReady();
  await arrivals.open();
  await expect(arrivals.status).toHaveAttribute('data-state', 'error');
  await expect(arrivals.status).toContainText(
    /New arrivals are unavailable: arrivals.json could not be read/,
  );
  await expect(arrivals.addRating).toHaveCount(0);
  // The rest of the app works: a rating adapts the list.
  const before = await app.snapshot();
  await deck.rate(4);
  await app.waitAdapted(1, before.runs);
  await expect(list.recommendations.first()).toBeVisible();
});
