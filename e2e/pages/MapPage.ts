/** Page object for the taste map: its canvas and data attributes, zoom buttons and the neighbours list. */
import type { Locator, Page } from '@playwright/test';

export class MapPage {
  /** The map (data-selected, data-highlight, data-neighbours, data-zoom, data-fit, data-you-x, ...). */
  readonly root: Locator;
  readonly canvas: Locator;
  /** The selected movie's nearest neighbours (data-movie-id: the selected movie). */
  readonly neighbours: Locator;
  readonly neighbourItems: Locator;
  readonly howToRead: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('embedding-map');
    this.canvas = this.root.locator('canvas');
    this.neighbours = page.getByTestId('map-neighbours');
    this.neighbourItems = this.neighbours.locator('li[data-movie-id]');
    this.howToRead = page.getByTestId('map-how-to-read');
  }

  /** One of the map's data attributes, as a number. */
  async number(name: string): Promise<number> {
    return Number(await this.root.getAttribute(name));
  }

  async zoom(): Promise<number> {
    return this.number('data-zoom');
  }

  /** The neighbours listed, in order. */
  neighbourIds(): Promise<(string | null)[]> {
    return this.neighbourItems.evaluateAll((els) => els.map((e) => e.getAttribute('data-movie-id')));
  }

  /** A listed neighbour's button. */
  neighbour(movieId: string): Locator {
    return this.neighbours.locator(`li[data-movie-id="${movieId}"] button`);
  }

  get zoomIn(): Locator {
    return this.page.getByRole('button', { name: 'Zoom in' });
  }

  get fitView(): Locator {
    return this.page.getByRole('button', { name: 'Fit view' });
  }

  /** Whether the visitor's point lies inside the drawn map. */
  async youInFrame(): Promise<boolean> {
    const [x, y, w, h] = [
      await this.number('data-you-x'),
      await this.number('data-you-y'),
      await this.number('data-width'),
      await this.number('data-height'),
    ];
    return x >= 0 && x <= w && y >= 0 && y <= h;
  }
}
