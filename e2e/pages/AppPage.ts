/** Page object for the app: every interaction the specs need, through the test contract's test ids and roles. */
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
  readonly status: Locator;
  readonly map: Locator;
  readonly chart: Locator;
  readonly candidates: Locator;
  readonly recommendations: Locator;
  readonly rated: Locator;
  readonly fatal: Locator;
  readonly notices: Locator;
  /** The rating import's review (data-matched, data-unmatched) and its message about a bad file. */
  readonly importReview: Locator;
  readonly importError: Locator;

  constructor(readonly page: Page) {
    this.badge = page.getByTestId('backend-badge');
    this.status = page.getByTestId('adapt-status');
    this.map = page.getByTestId('embedding-map');
    this.chart = page.getByTestId('adaptation-chart');
    this.candidates = page.locator('[data-testid="candidate"][data-source="onboarding"]');
    this.recommendations = page.getByTestId('recommendation');
    this.rated = page.getByTestId('rated');
    this.fatal = page.getByTestId('fatal-error');
    this.notices = page.getByTestId('notice');
    this.importReview = page.getByTestId('import-review');
    this.importError = page.getByTestId('import-error');
  }

  /** Choose a file of ratings to import (the test contract's data-testid="import-file"). */
  async importFile(name: string, body: string | Buffer, mimeType = 'text/csv'): Promise<void> {
    await this.page.getByTestId('import-file').setInputFiles({
      name,
      mimeType,
      buffer: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    });
  }

  /** Confirm the review: the ratings replace or merge with the current ones. */
  async useImported(mode: 'merge' | 'replace' = 'merge'): Promise<void> {
    const choice = this.page.getByRole('radio', { name: new RegExp(`^${mode}`, 'i') });
    if (await choice.count()) await choice.check();
    await this.page.getByRole('button', { name: 'Use these ratings' }).click();
    await expect(this.importReview).toHaveCount(0);
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

  /** Rate a candidate (or any element holding a rating radiogroup) by clicking its half-star radio. */
  async rate(card: Locator, stars: number): Promise<void> {
    const label = `${stars} star${stars === 1 ? '' : 's'}`;
    await card.getByRole('radio', { name: label, exact: true }).first().click();
  }

  async recommendationIds(): Promise<string[]> {
    return this.recommendations.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-movie-id')}:${e.getAttribute('data-predicted')}`),
    );
  }

  /** Each recommendation's reason: its movie, the kind, the liked movies it cites (movieIds) and its text. */
  async reasons(): Promise<{ movieId: string; kind: string; liked: string[]; text: string }[]> {
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

  /** movieId -> the visitor's rating, from the rated list. */
  async ratings(): Promise<Map<string, number>> {
    const pairs = await this.rated.evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-movie-id') ?? '', Number(e.getAttribute('data-rating'))] as const),
    );
    return new Map(pairs);
  }

  async ratedIds(): Promise<string[]> {
    return this.rated.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-movie-id')}=${e.getAttribute('data-rating')}`).sort(),
    );
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
