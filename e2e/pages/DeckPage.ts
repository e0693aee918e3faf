/** Page object for the rating deck: the onboarding cards, search, "Haven't seen", undo and the skipped list. */
import type { Locator, Page } from '@playwright/test';
import { movieIds, rateIn } from './stars';

const ONBOARDING = '[data-testid="candidate"][data-source="onboarding"]';

export class DeckPage {
  /** The cards the app offers to rate (data-source="onboarding"), in order. */
  readonly cards: Locator;
  readonly searchbox: Locator;
  /** The search's results, cards like the deck's (data-source="search"). */
  readonly searchResults: Locator;
  readonly undoToast: Locator;
  readonly skippedList: Locator;

  constructor(readonly page: Page) {
    this.cards = page.locator(ONBOARDING);
    this.searchbox = page.getByRole('searchbox');
    this.searchResults = page.locator('[data-testid="candidate"][data-source="search"]');
    this.undoToast = page.getByTestId('undo-toast');
    this.skippedList = page.getByTestId('skipped-list');
  }

  get first(): Locator {
    return this.cards.first();
  }

  /** The onboarding card of one movie. */
  card(movieId: string): Locator {
    return this.page.locator(`${ONBOARDING}[data-movie-id="${movieId}"]`);
  }

  /** The movie id of the card at `index` ('' when it has none). */
  async idAt(index = 0): Promise<string> {
    return (await this.cards.nth(index).getAttribute('data-movie-id')) ?? '';
  }

  ids(): Promise<(string | null)[]> {
    return movieIds(this.cards);
  }

  searchIds(): Promise<(string | null)[]> {
    return movieIds(this.searchResults);
  }

  /** Rate a card, the first one unless told. */
  async rate(stars: number, card: Locator = this.first): Promise<void> {
    await rateIn(card, stars);
  }

  /** The card's rating radiogroup (data-pending: the stars chosen but not saved yet). */
  stars(card: Locator = this.first): Locator {
    return card.getByRole('radiogroup');
  }

  async skip(card: Locator = this.first): Promise<void> {
    await card.getByRole('button', { name: "Haven't seen" }).click();
  }

  skipLink(name: 'Skip to rating movies' | 'Skip to your list'): Locator {
    return this.page.getByRole('button', { name });
  }

  async search(text: string): Promise<void> {
    await this.searchbox.fill(text);
  }

  /** The undo toast's button ('Undo' or 'Dismiss'). */
  toastButton(name: 'Undo' | 'Dismiss'): Locator {
    return this.undoToast.getByRole('button', { name });
  }

  /** A skipped movie in the (open) skipped list. */
  skipped(movieId: string): Locator {
    return this.skippedList.locator(`[data-testid="skipped"][data-movie-id="${movieId}"]`);
  }
}
