/** Page object for "Your ratings": the rated rows, their pager, Reset and the export. */
import type { Locator, Page } from '@playwright/test';
import { rateIn } from './stars';

export class RatedPage {
  /** One row per rating on this page of the list (data-movie-id, data-rating). */
  readonly rows: Locator;
  /** The pager's position ("1–100 of 5000"). */
  readonly pager: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('rated');
    this.pager = page.getByTestId('rated-page');
  }

  row(movieId: string | number | null): Locator {
    return this.page.locator(`[data-testid="rated"][data-movie-id="${movieId}"]`);
  }

  /** Change a rating from its row. */
  async rate(movieId: string | number, stars: number): Promise<void> {
    await rateIn(this.row(movieId), stars);
  }

  /** movieId -> the visitor's rating. */
  async ratings(): Promise<Map<string, number>> {
    const pairs = await this.rows.evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-movie-id') ?? '', Number(e.getAttribute('data-rating'))] as const),
    );
    return new Map(pairs);
  }

  /** "movieId=rating" for each row, sorted. */
  async ids(): Promise<string[]> {
    return this.rows.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-movie-id')}=${e.getAttribute('data-rating')}`).sort(),
    );
  }

  /** The rows' movie ids in the order shown. */
  order(): Promise<(string | null)[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-movie-id')));
  }

  /** The list's Reset (it asks first: the caller answers the dialog). */
  get reset(): Locator {
    return this.page.getByRole('button', { name: 'Reset', exact: true });
  }

  /** The first row's "Remove your rating of ..." button. */
  get removeFirst(): Locator {
    return this.page.getByRole('button', { name: /^Remove your rating of / }).first();
  }

  get exportButton(): Locator {
    return this.page.getByRole('button', { name: 'Export ratings' });
  }
}
