/** Page object for the header's dialogs: Settings (backend, theme, set-aside data, offline copy, reset) and About. */
import type { Locator, Page } from '@playwright/test';

export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export class SettingsPage {
  readonly panel: Locator;
  readonly about: Locator;
  readonly setAsideItem: Locator;
  readonly offlineCopy: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('settings-panel');
    this.about = page.getByTestId('about-panel');
    this.setAsideItem = page.getByTestId('set-aside-item');
    this.offlineCopy = page.getByTestId('offline-copy');
  }

  /** The header's button that opens a dialog. */
  opener(name: 'Settings' | 'About'): Locator {
    return this.page.locator('.topbar').getByRole('button', { name, exact: true });
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Settings', exact: true }).click();
  }

  async openAbout(): Promise<void> {
    await this.page.getByRole('button', { name: 'About', exact: true }).click();
  }

  /** Escape closes a dialog. */
  async close(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** Choose the backend (Settings open). */
  async chooseBackend(choice: string): Promise<void> {
    await this.backend(choice).check();
  }

  backend(choice: string): Locator {
    return this.page.locator(`input[name="backend"][value="${choice}"]`);
  }

  /** A colour theme's radio in the open panel. */
  theme(name: RegExp): Locator {
    return this.panel.getByRole('radio', { name });
  }

  get resetEverything(): Locator {
    return this.page.getByRole('button', { name: 'Reset everything' });
  }

  get forgetOfflineCopy(): Locator {
    return this.page.getByRole('button', { name: 'Forget offline copy' });
  }
}
