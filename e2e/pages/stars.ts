/** The half-star rating control every card and row shares: its radios are named "N star(s)". */
import type { Locator } from '@playwright/test';

/** The radio for `stars` inside a card or row (exact name: "4 stars" is not "4.5 stars"). */
export const starRadio = (card: Locator, stars: number): Locator =>
  card.getByRole('radio', { name: `${stars} star${stars === 1 ? '' : 's'}`, exact: true }).first();

/** Rate a card (or any element holding a rating radiogroup) by clicking its half-star radio. */
export async function rateIn(card: Locator, stars: number): Promise<void> {
  await starRadio(card, stars).click();
}

/** The data-movie-id of each element, in order (null where one has none). */
export const movieIds = (els: Locator): Promise<(string | null)[]> =>
  els.evaluateAll((all) => all.map((e) => e.getAttribute('data-movie-id')));
