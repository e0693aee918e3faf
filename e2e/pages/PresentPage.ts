/** Page object for presenter and embed mode: the display the app is in and the ways in and out. */
import { expect, type Locator, type Page } from '@playwright/test';

export class PresentPage {
  /** The app's root (data-display: 'present', 'embed'). */
  readonly app: Locator;
  readonly exit: Locator;
  readonly toggle: Locator;
  /** The page chrome a room layout leaves out. */
  readonly chrome: Locator;

  constructor(readonly page: Page) {
    this.app = page.getByTestId('app');
    this.exit = page.getByTestId('present-exit');
    this.toggle = page.getByTestId('present-toggle');
    this.chrome = page.locator('.topbar, .footer');
  }

  /** In a room layout there is no status bar: the top 10 on screen is the sign the page is ready. */
  async waitTop(): Promise<void> {
    await expect(this.page.getByTestId('top-item')).toHaveCount(10);
  }
}
