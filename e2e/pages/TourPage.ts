/** Page object for the guided tour: its opener, the step dialog and its buttons and actions. */
import type { Locator, Page } from '@playwright/test';

export class TourPage {
  /** The open step (data-step, data-steps, data-panel-hidden). */
  readonly root: Locator;
  readonly opener: Locator;
  readonly heading: Locator;
  readonly hiddenPanel: Locator;
  /** The panels the open step points at. */
  readonly targets: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('tour');
    this.opener = page.getByTestId('tour-open');
    this.heading = this.root.getByRole('heading');
    this.hiddenPanel = page.getByTestId('tour-hidden-panel');
    this.targets = page.locator('[data-tour-target]');
  }

  button(name: 'Back' | 'Next' | 'Close tour' | 'Finish'): Locator {
    return this.root.getByRole('button', { name });
  }

  /** A step's action button (data-action: 'huge-lr', 'defaults'). */
  action(name: string): Locator {
    return this.root.locator(`[data-testid="tour-action"][data-action="${name}"]`);
  }
}
