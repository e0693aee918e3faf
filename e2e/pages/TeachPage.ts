/**
 * Page object for the teaching panels: the learning curve, the compare view (curves, top lists,
 * overlap), the inner-loop controls and playhead, the evaluation charts, the interview's choice of
 * the next movie, personas and the demo bar.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class TeachPage {
  /** The learning curve of the visitor's adaptation (data-runs). */
  readonly curve: Locator;
  /** The compare view (data-state, data-k). */
  readonly compare: Locator;
  /** One curve per charted method (data-method, data-loss-first, data-loss-last, data-diverged). */
  readonly curves: Locator;
  /** One top list per compared method (data-items). */
  readonly tops: Locator;
  readonly overlap: Locator;
  readonly uncharted: Locator;
  /** The inner loop's playhead (data-step, data-steps). */
  readonly playhead: Locator;
  readonly innerControls: Locator;
  readonly lrValue: Locator;
  readonly diverged: Locator;
  /** The evaluation charts (data-state) and each chart in them (data-metric, data-marker-k). */
  readonly evalCharts: Locator;
  readonly evalChart: Locator;
  /** Each evaluation chart's table for screen readers. */
  readonly evalTable: Locator;
  readonly evalRecall: Locator;
  readonly evalNdcg: Locator;
  /** The default method paired with each baseline, user by user. */
  readonly evalPaired: Locator;
  readonly crossval: Locator;
  /** The rating fit chart (rating methods only). */
  readonly fit: Locator;
  readonly interview: Locator;
  readonly demoBar: Locator;
  readonly presetProgress: Locator;
  readonly stability: Locator;

  constructor(readonly page: Page) {
    this.curve = page.getByTestId('adaptation-chart');
    this.compare = page.getByTestId('compare-view');
    this.curves = page.getByTestId('method-curve');
    this.tops = page.getByTestId('method-top');
    this.overlap = page.getByTestId('overlap');
    this.uncharted = page.getByTestId('uncharted');
    this.playhead = page.getByTestId('playhead');
    this.innerControls = page.getByTestId('inner-controls');
    this.lrValue = page.getByTestId('lr-value');
    this.diverged = page.getByTestId('diverged');
    this.evalCharts = page.getByTestId('eval-charts');
    this.evalChart = page.getByTestId('eval-chart');
    this.evalTable = page.getByTestId('eval-table');
    this.evalRecall = page.getByTestId('eval-recall');
    this.evalNdcg = page.getByTestId('eval-ndcg');
    this.evalPaired = page.getByTestId('eval-paired');
    this.crossval = page.getByTestId('eval-crossval');
    this.fit = page.getByTestId('fit-chart');
    this.interview = page.getByTestId('interview-chart');
    this.demoBar = page.getByTestId('demo-bar');
    this.presetProgress = page.getByTestId('preset-progress');
    this.stability = page.getByTestId('stability');
  }

  /** Wait until the compare view has run on k ratings. */
  async waitCompared(k: number): Promise<void> {
    await expect(this.compare).toHaveAttribute('data-state', 'done');
    await expect(this.compare).toHaveAttribute('data-k', String(k));
  }

  /** One method's curve on the compare chart. */
  curveOf(method: string): Locator {
    return this.page.locator(`[data-testid="method-curve"][data-method="${method}"]`);
  }

  /** The curves drawn as diverging. */
  get divergedCurves(): Locator {
    return this.page.locator('[data-testid="method-curve"][data-diverged="true"]');
  }

  /** The demo bar's download of the whole state. */
  get exportState(): Locator {
    return this.page.getByRole('button', { name: 'Export state' });
  }

  /** A method's tick box on the compare view ('Reptile', ...). */
  method(label: string): Locator {
    return this.page.getByRole('checkbox', { name: label });
  }

  get innerSteps(): Locator {
    return this.page.getByLabel('Inner steps');
  }

  get learningRate(): Locator {
    return this.page.getByLabel('Inner learning rate');
  }

  /** The playhead's buttons. */
  button(name: 'Reset to step 0' | 'Step +1' | 'Play' | 'Defaults'): Locator {
    return this.page.getByRole('button', { name, exact: name !== 'Reset to step 0' && name !== 'Defaults' });
  }

  get strategy(): Locator {
    return this.page.getByLabel('Which movie to ask next');
  }

  get seed(): Locator {
    return this.page.getByLabel('Random seed');
  }

  /** A "What adapts" choice of the inner-loop controls (rating methods only). */
  whatAdapts(name: string): Locator {
    return this.page.getByRole('radio', { name });
  }

  /** A persona's button (data-preset: 'noir', ...). */
  preset(name: string): Locator {
    return this.page.locator(`[data-testid="preset"][data-preset="${name}"]`);
  }

  /** An export button of a chart or the map (data-figure: 'learning-curve', 'taste-map', ...). */
  exportFigure(figure: string): Locator {
    return this.page.locator(`[data-testid="export-figure"][data-figure="${figure}"]`);
  }

  /** The explanation button of a glossary term ('innerStep', 'learningRate', ...). */
  explain(term: string, within: Locator | Page = this.page): Locator {
    return within.locator(`[data-testid="explain"][data-term="${term}"]`);
  }

  /** The glossary popover that is open (a visible one). */
  get popover(): Locator {
    return this.page.locator('[data-testid="explain-popover"]:visible');
  }
}
