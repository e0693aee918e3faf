/** Page object for the recommendations: the top 10 beside the deck and the full list below. */
import type { Locator, Page } from '@playwright/test';
import { movieIds, rateIn } from './stars';

export interface Reason {
  movieId: string;
  kind: string;
  liked: string[];
  text: string;
}

export class ListPage {
  /** The full list's cards (data-movie-id, data-predicted). */
  readonly recommendations: Locator;
  /** The top 10 (data-summary: what changed since the newcomer's list). */
  readonly top: Locator;
  readonly topItems: Locator;

  constructor(readonly page: Page) {
    this.recommendations = page.getByTestId('recommendation');
    this.top = page.getByTestId('top-list');
    this.topItems = page.getByTestId('top-item');
  }

  get first(): Locator {
    return this.recommendations.first();
  }

  ids(): Promise<(string | null)[]> {
    return movieIds(this.recommendations);
  }

  /** "movieId:predicted" for each recommendation: equal lists show the same movies and numbers. */
  async idsWithPredictions(): Promise<string[]> {
    return this.recommendations.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-movie-id')}:${e.getAttribute('data-predicted')}`),
    );
  }

  /** Each recommendation's reason: its movie, the kind, the liked movies it cites (movieIds) and its text. */
  async reasons(): Promise<Reason[]> {
    return this.recommendations.evaluateAll((els) =>
      els.map((e) => {
        const r = e.querySelector('[data-testid="reason"]');
        return {
          movieId: e.getAttribute('data-movie-id') ?? '',
          kind: r?.getAttribute('data-kind') ?? '',
          liked: (r?.getAttribute('data-liked') ?? '').split(',').filter(Boolean),
          text: r?.textContent ?? '',
        };
      }),
    );
  }

  /** The reasons that cite something (not those on the crowd's prior). */
  get citingReasons(): Locator {
    return this.page.locator('[data-testid="reason"]:not([data-kind="prior"])');
  }

  /** Rate a recommendation, the first one unless told. */
  async rate(stars: number, card: Locator = this.first): Promise<void> {
    await rateIn(card, stars);
  }

  /** The phone's "Show all 20" under the first five. */
  get showAll(): Locator {
    return this.page.getByRole('button', { name: /Show all 20/ });
  }

  get exportButton(): Locator {
    return this.page.getByRole('button', { name: 'Export list' });
  }
}
