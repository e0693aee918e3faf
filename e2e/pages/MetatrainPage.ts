/**
 * Page object for the meta-training panel: its buttons (Play, Pause, Step, Reset), the status with
 * the test contract's attributes (data-state, data-step, data-loss-first, data-loss-last,
 * data-val-recall), the initialization's K = 0 list and the curves.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface MetatrainSnapshot {
  state: string;
  step: number;
  lossFirst: number | null;
  lossLast: number | null;
  valRecall: number | null;
  text: string;
}

export class MetatrainPage {
  readonly panel: Locator;
  readonly status: Locator;
  readonly play: Locator;
  readonly pause: Locator;
  readonly stepButton: Locator;
  readonly reset: Locator;
  /** The K = 0 list of the initialization being trained (data-ids: movie ids, best first). */
  readonly k0: Locator;
  readonly error: Locator;
  readonly opener: Locator;
  readonly adaptFromInit: Locator;
  readonly lossChart: Locator;
  readonly valChart: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('metatrain-panel');
    this.status = page.getByTestId('metatrain-status');
    const buttons = this.panel.getByRole('group', { name: 'Training' });
    this.play = buttons.getByRole('button', { name: 'Play', exact: true });
    this.pause = buttons.getByRole('button', { name: 'Pause', exact: true });
    this.stepButton = buttons.getByRole('button', { name: 'Step', exact: true });
    this.reset = buttons.getByRole('button', { name: 'Reset', exact: true });
    this.k0 = page.getByTestId('metatrain-k0');
    this.error = page.getByTestId('metatrain-error');
    this.opener = page.getByRole('button', { name: 'Meta-train in the page' });
    this.adaptFromInit = page.getByRole('button', { name: 'Adapt my ratings from this initialization' });
    this.lossChart = page.getByTestId('metatrain-loss-chart');
    this.valChart = page.getByTestId('metatrain-val-chart');
  }

  async snapshot(): Promise<MetatrainSnapshot> {
    const a = async (name: string) => (await this.status.getAttribute(name)) ?? '';
    const num = (s: string) => (s === '' ? null : Number(s));
    return {
      state: await a('data-state'),
      step: Number(await a('data-step')),
      lossFirst: num(await a('data-loss-first')),
      lossLast: num(await a('data-loss-last')),
      valRecall: num(await a('data-val-recall')),
      text: (await this.status.innerText()).trim(),
    };
  }

  async step(): Promise<number> {
    return Number((await this.status.getAttribute('data-step')) ?? NaN);
  }

  /** The training data is loaded and the panel stands still (idle or paused). */
  async waitLoaded(): Promise<void> {
    await expect(this.status).toHaveAttribute('data-state', /^(idle|paused)$/);
    await expect(this.status).toHaveAttribute('aria-busy', 'false');
    await expect(this.play).toBeEnabled();
  }

  /** Wait until at least `n` meta-steps are done (SwiftShader's WebGPU takes seconds a step). */
  async waitStep(n: number): Promise<number> {
    await expect.poll(() => this.step(), { timeout: 300_000 }).toBeGreaterThanOrEqual(n);
    return this.step();
  }

  /** The panel's text and every attribute under it: nothing NaN or infinite drawn. */
  async drawnText(): Promise<string> {
    const text = await this.panel.innerText();
    const attrs = await this.panel.evaluate((root) =>
      [root, ...Array.from(root.querySelectorAll('*'))]
        .flatMap((el) => Array.from(el.attributes).map((a) => a.value))
        .join(' '),
    );
    return `${text} ${attrs}`;
  }
}
