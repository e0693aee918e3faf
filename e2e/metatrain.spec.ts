/**
 * The meta-training panel on each backend project (it runs the outer loop in the worker on that
 * backend, so it is not tagged @app): `?metatrain` opens it; Step advances exactly one meta-step;
 * 50 meta-steps from a fresh start lower the meta-train loss and the status says so; Reset returns
 * to the start (the same initialization: its K = 0 list); a rating made during training gets its
 * list while training runs on; a divergent meta learning rate is caught and shown without NaN; a
 * lost GPU moves to the next backend and training continues from its last checkpoint. Small
 * settings (meta-batch 8, one inner step, K up to 10) keep a meta-step short on SwiftShader.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const SMALL = 'mb=8&mis=1&mk=1-10&mseed=3';

async function inject(page: Page, fault: 'lose-gpu'): Promise<void> {
  await page.evaluate(
    (f) => (window as unknown as { __warmstartFault: (x: string) => void }).__warmstartFault(f),
    fault,
  );
}

test('meta-training in the page: Step, 50 steps lower the loss, a rating meanwhile, Reset', async ({
  app,
  deck,
  metatrain,
}) => {
  // 50 meta-steps: seconds on cpu, minutes on SwiftShader's WebGPU (a software GPU).
  test.setTimeout(420_000);
  // A meta learning rate of 0.03: the fall over 50 steps is well past one batch's noise.
  await app.open(`?metatrain&${SMALL}&mlr=0.03`);
  await app.waitReady();
  await expect(metatrain.panel).toBeVisible();
  await metatrain.waitLoaded();
  expect(await metatrain.snapshot()).toMatchObject({ state: 'idle', step: 0, lossFirst: null });
  await expect(metatrain.k0.locator('li')).toHaveCount(10);
  const k0AtStart = await metatrain.k0.getAttribute('data-ids');
  await expect(metatrain.pause).toBeDisabled();

  // Step: exactly one meta-step, then paused.
  await metatrain.stepButton.click();
  await expect(metatrain.status).toHaveAttribute('data-step', '1');
  await expect(metatrain.status).toHaveAttribute('data-state', 'paused');
  await expect(metatrain.status).toHaveAttribute('data-loss-first', /\d/);

  // Reset, then 50 meta-steps from a fresh start lower the loss.
  await metatrain.reset.click();
  await expect(metatrain.status).toHaveAttribute('data-step', '0');
  await metatrain.play.click();
  await expect(metatrain.status).toHaveAttribute('data-state', 'running');
  await expect(metatrain.play).toBeDisabled();
  await expect(metatrain.pause).toBeEnabled();

  // A rating during training gets its adaptation and list; training runs on meanwhile.
  const runs = await app.runs();
  const stepBefore = await metatrain.waitStep(2);
  await deck.rate(4);
  await app.waitAdapted(1, runs);
  await expect(metatrain.status).toHaveAttribute('data-state', 'running');
  await expect.poll(() => metatrain.step()).toBeGreaterThan(stepBefore);

  await metatrain.waitStep(50);
  await metatrain.pause.click();
  await expect(metatrain.status).toHaveAttribute('data-state', 'paused');
  const s = await metatrain.snapshot();
  expect(s.step).toBeGreaterThanOrEqual(50);
  expect(s.lossLast).not.toBeNull();
  expect(s.lossLast ?? Infinity).toBeLessThan(s.lossFirst ?? -Infinity);
  expect(s.text).toContain('(lower)');
  expect(s.text).toMatch(new RegExp(`^Step ${s.step} · loss \\d+\\.\\d\\d → \\d+\\.\\d\\d \\(lower\\)`));
  await expect(metatrain.lossChart).not.toHaveAttribute('data-points', '0');

  // Reset: step 0 and the same initialization as at the start.
  await metatrain.reset.click();
  await expect(metatrain.status).toHaveAttribute('data-step', '0');
  await expect(metatrain.status).toHaveAttribute('data-state', 'idle');
  await expect(metatrain.k0).toHaveAttribute('data-ids', k0AtStart ?? '');
  expect(await metatrain.drawnText()).not.toMatch(/NaN|Infinity/);
});

test('a divergent meta learning rate is caught and shown, with no NaN on screen', async ({
  app,
  metatrain,
}) => {
  await app.open(`?metatrain&${SMALL}&mlr=10&milr=100`);
  await app.waitReady();
  await metatrain.waitLoaded();
  await metatrain.play.click();
  await expect(metatrain.status).toHaveAttribute('data-state', 'error', { timeout: 120_000 });
  await expect(metatrain.error).toBeVisible();
  await expect(metatrain.error).toHaveAttribute('role', 'alert');
  expect(await metatrain.drawnText()).not.toMatch(/NaN|Infinity/);
  // Reset returns to the start from the error.
  await metatrain.reset.click();
  await expect(metatrain.status).toHaveAttribute('data-state', 'idle');
  await expect(metatrain.status).toHaveAttribute('data-step', '0');
});

test('a lost GPU during training: the next backend continues from the last checkpoint', async ({
  page,
  app,
  metatrain,
}) => {
  await app.open(`?fault&metatrain&${SMALL}`);
  await app.waitReady();
  const first = await app.badge.getAttribute('data-backend');
  await metatrain.waitLoaded();
  await metatrain.play.click();
  const before = await metatrain.waitStep(15);
  await inject(page, 'lose-gpu');
  await expect(app.badge).not.toHaveAttribute('data-backend', first ?? '');
  await expect(app.notice('recovery')).toContainText('moved from');
  // Training plays on at the new backend from its last checkpoint, never from step 0.
  await expect(metatrain.status).toHaveAttribute('data-state', 'running');
  expect(await metatrain.step()).toBeGreaterThan(0);
  await expect.poll(() => metatrain.step()).toBeGreaterThan(before);
  await metatrain.pause.click();
});
