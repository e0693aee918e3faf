/** Page object for importing ratings or a state file: the file input, the review dialog and its messages. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ImportPage {
  /** The review (data-format, data-matched, data-unmatched, data-duplicates). */
  readonly review: Locator;
  /** The message about a file that cannot be imported. */
  readonly error: Locator;
  readonly summary: Locator;
  readonly unmatchedRows: Locator;
  readonly user: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.review = page.getByTestId('import-review');
    this.error = page.getByTestId('import-error');
    this.summary = page.getByTestId('import-summary');
    this.unmatchedRows = page.getByTestId('import-unmatched');
    this.user = page.getByTestId('import-user');
    this.dialog = page.getByTestId('import-dialog');
  }

  /** Choose a file of ratings (or a saved state) to import: a path, or a name and its contents. */
  async file(name: string, body?: string | Buffer, mimeType = 'text/csv'): Promise<void> {
    const input = this.page.getByTestId('import-file');
    if (body === undefined) return input.setInputFiles(name);
    await input.setInputFiles({
      name,
      mimeType,
      buffer: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    });
  }

  /** Confirm the review: the ratings replace or merge with the current ones. */
  async use(mode: 'merge' | 'replace' = 'merge'): Promise<void> {
    const choice = this.page.getByRole('radio', { name: new RegExp(`^${mode}`, 'i') });
    if (await choice.count()) await choice.check();
    await this.page.getByRole('button', { name: 'Use these ratings' }).click();
    await expect(this.review).toHaveCount(0);
  }

  /** The unmatched row of the file's line `line`. */
  unmatched(line: number): Locator {
    return this.page.locator(`[data-testid="import-unmatched"][data-line="${line}"]`);
  }

  /** Pick a movie by hand for an unmatched row. */
  async match(row: Locator, search: string, movieId: number): Promise<void> {
    await row.getByRole('searchbox').fill(search);
    await row.locator(`[data-testid="import-candidate"][data-movie-id="${movieId}"]`).click();
  }

  /** Leave an unmatched row out. */
  async skip(row: Locator): Promise<void> {
    await row.getByRole('button', { name: 'Skip' }).click();
  }

  /** The dialog's Close (its last one). */
  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  }
}
