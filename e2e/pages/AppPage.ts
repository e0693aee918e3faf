/**
 * Page object for the app as a whole: loading, the backend badge, the adaptation's status, notices
 * and errors, and full-page screenshots. Each panel has its own page object beside this one.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface AdaptSnapshot {
  state: string;
  runs: number;
  k: number;
  steps: number;
  lossFirst: number;
  lossLast: number;
  ms: number;
}

export class AppPage {
  readonly badge: Locator;
  /** The adaptation's status (data-state, data-runs, data-k, data-steps, data-loss-first, ...). */
  readonly status: Locator;
  /** The error that stops the app (a model that cannot be loaded), with its message, hint and Retry. */
  readonly fatal: Locator;
  readonly fatalMessage: Locator;
  readonly fatalHint: Locator;
  readonly retry: Locator;
  /** The error the app recovers from by itself. */
  readonly recoverable: Locator;
  readonly progress: Locator;
  readonly notices: Locator;
  /** The document element (data-theme, data-offline, data-offline-model). */
  readonly html: Locator;

  constructor(readonly page: Page) {
    this.badge = page.getByTestId('backend-badge');
    this.status = page.getByTestId('adapt-status');
    this.fatal = page.getByTestId('fatal-error');
    this.fatalMessage = this.fatal.getByTestId('fatal-message');
    this.fatalHint = this.fatal.getByTestId('fatal-hint');
    this.retry = this.fatal.getByRole('button', { name: 'Retry' });
    this.recoverable = page.getByTestId('recoverable-error');
    this.progress = page.getByRole('progressbar');
    this.notices = page.getByTestId('notice');
    this.html = page.locator('html');
  }

  /** The notice of one kind (data-key: 'backend', 'recovery', 'numeric', 'storage'). */
  notice(key: string): Locator {
    return this.page.locator(`[data-testid="notice"][data-key="${key}"]`);
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`./${query}`);
  }

  /** Wait until the model is loaded, warmed up, and the first (cold-start) adaptation is on screen. */
  async waitReady(): Promise<void> {
    await expect(this.badge).toHaveAttribute('data-backend', /\w+/);
    await expect(this.status).toHaveAttribute('data-state', 'done');
  }

  async snapshot(): Promise<AdaptSnapshot> {
    const a = async (name: string) => (await this.status.getAttribute(name)) ?? '';
    return {
      state: await a('data-state'),
      runs: Number(await a('data-runs')),
      k: Number(await a('data-k')),
      steps: Number(await a('data-steps')),
      lossFirst: Number(await a('data-loss-first')),
      lossLast: Number(await a('data-loss-last')),
      ms: Number(await a('data-ms')),
    };
  }

  /** Wait for a finished adaptation on exactly k ratings that is newer than `afterRuns`. */
  async waitAdapted(k: number, afterRuns: number): Promise<AdaptSnapshot> {
    await expect
      .poll(async () => {
        const s = await this.snapshot();
        return s.state === 'done' && s.k === k && s.runs > afterRuns;
      })
      .toBe(true);
    return this.snapshot();
  }

  /** Run something that starts an adaptation (a rating, a removal, a reset) and wait for the one on k ratings it causes. */
  async adapt(k: number, act: () => Promise<unknown>): Promise<AdaptSnapshot> {
    const before = await this.snapshot();
    await act();
    return this.waitAdapted(k, before.runs);
  }

  /** How many adaptations have finished so far. */
  async runs(): Promise<number> {
    return (await this.snapshot()).runs;
  }

  /**
   * The whole page. What is off screen under content-visibility: auto (the recommendation cards,
   * the rated rows, the lower panels) is rendered as it comes near the viewport, which a full-page
   * capture never does: it is made visible for the capture (through element.style, which the
   * Content-Security-Policy allows), then given back to the style sheet.
   */
  async screenshot(project: string, name: string): Promise<void> {
    const skipped = await this.page.evaluate(() => {
      const els = [...document.querySelectorAll<HTMLElement>('*')].filter(
        (e) => getComputedStyle(e).contentVisibility === 'auto',
      );
      for (const e of els) e.style.contentVisibility = 'visible';
      return els.length;
    });
    await this.page.screenshot({ path: `test-results/screenshots/${project}-${name}.png`, fullPage: true });
    if (skipped > 0)
      await this.page.evaluate(() => {
        for (const e of document.querySelectorAll<HTMLElement>('*'))
          e.style.removeProperty('content-visibility');
      });
  }
}
