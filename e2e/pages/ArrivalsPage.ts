/**
 * Page object for the "New arrivals" panel: opening it from the demo bar, the status line
 * (data-state, data-k, data-x, data-y, data-audience), "Add next rating", the movie picker, the
 * inner-loop curve and the personas it reaches.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface ArrivalSnapshot {
  state: string;
  k: number;
  x: number;
  y: number;
  audience: number;
}

export class ArrivalsPage {
  /** The demo bar's button that opens and closes the panel. */
  readonly toggle: Locator;
  readonly panel: Locator;
  readonly status: Locator;
  readonly addRating: Locator;
  readonly picker: Locator;
  /** The inner-loop curve (data-steps). */
  readonly loss: Locator;
  readonly personas: Locator;
  /** The visitor's line in the audience (data-in-top). */
  readonly you: Locator;
  /** The new movie's line in the visitor's own list (data-movie-id, data-rank). */
  readonly inList: Locator;

  constructor(readonly page: Page) {
    this.toggle = page.getByTestId('demo-bar').getByRole('button', { name: 'New arrivals' });
    this.panel = page.getByTestId('arrivals-panel');
    this.status = page.getByTestId('arrival-status');
    this.addRating = this.panel.getByRole('button', { name: 'Add next rating' });
    this.picker = this.panel.getByRole('combobox');
    this.loss = page.getByTestId('arrival-loss');
    this.personas = page.getByTestId('arrival-persona');
    this.you = page.getByTestId('arrival-you');
    this.inList = page.getByTestId('arrival-in-list');
  }

  async open(): Promise<void> {
    await this.toggle.click();
    await expect(this.panel).toBeVisible();
  }

  async snapshot(): Promise<ArrivalSnapshot> {
    const a = async (name: string) => (await this.status.getAttribute(name)) ?? '';
    return {
      state: await a('data-state'),
      k: Number(await a('data-k')),
      x: Number(await a('data-x')),
      y: Number(await a('data-y')),
      audience: Number(await a('data-audience')),
    };
  }

  /** Wait until the movie is placed with exactly k of its ratings. */
  async waitPlaced(k: number): Promise<ArrivalSnapshot> {
    await expect(this.status).toHaveAttribute('data-state', 'ready');
    await expect(this.status).toHaveAttribute('data-k', String(k));
    await expect(this.status).toHaveAttribute('data-x', /\d/);
    return this.snapshot();
  }
}
