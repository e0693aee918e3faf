/**
 * The end-to-end suite's `test`: Playwright's, extended with one page object per panel (as
 * tldraw's e2e/fixtures.ts does), so a spec reads like what a person does:
 *   test('...', async ({ app, deck, list, rated, map, teach, settings, metatrain }) => ...)
 * A page object is built only for the tests that ask for it. `panels(page)` builds the same set
 * for another page (a second browser context).
 */
import { test as base, type Page } from '@playwright/test';
import { AppPage } from './pages/AppPage';
import { ArrivalsPage } from './pages/ArrivalsPage';
import { DeckPage } from './pages/DeckPage';
import { ImportPage } from './pages/ImportPage';
import { ListPage } from './pages/ListPage';
import { MapPage } from './pages/MapPage';
import { MetatrainPage } from './pages/MetatrainPage';
import { PresentPage } from './pages/PresentPage';
import { RatedPage } from './pages/RatedPage';
import { SettingsPage } from './pages/SettingsPage';
import { TeachPage } from './pages/TeachPage';
import { TourPage } from './pages/TourPage';

export interface Panels {
  /** Loading, the backend badge, the adaptation's status, notices and errors. */
  app: AppPage;
  /** The rating deck, search, skips and undo. */
  deck: DeckPage;
  /** The recommendations: the top 10 and the full list. */
  list: ListPage;
  /** "Your ratings". */
  rated: RatedPage;
  map: MapPage;
  /** The learning curve, compare view, inner-loop controls and evaluation. */
  teach: TeachPage;
  /** Settings and About. */
  settings: SettingsPage;
  importer: ImportPage;
  tour: TourPage;
  present: PresentPage;
  /** The "New arrivals" panel. */
  arrivals: ArrivalsPage;
  /** The meta-training panel. */
  metatrain: MetatrainPage;
}

/** Every page object, for a page the fixtures did not make (a second context's). */
export function panels(page: Page): Panels {
  return {
    app: new AppPage(page),
    deck: new DeckPage(page),
    list: new ListPage(page),
    rated: new RatedPage(page),
    map: new MapPage(page),
    teach: new TeachPage(page),
    settings: new SettingsPage(page),
    importer: new ImportPage(page),
    tour: new TourPage(page),
    present: new PresentPage(page),
    arrivals: new ArrivalsPage(page),
    metatrain: new MetatrainPage(page),
  };
}

export const test = base.extend<Panels>({
  app: async ({ page }, use) => use(new AppPage(page)),
  deck: async ({ page }, use) => use(new DeckPage(page)),
  list: async ({ page }, use) => use(new ListPage(page)),
  rated: async ({ page }, use) => use(new RatedPage(page)),
  map: async ({ page }, use) => use(new MapPage(page)),
  teach: async ({ page }, use) => use(new TeachPage(page)),
  settings: async ({ page }, use) => use(new SettingsPage(page)),
  importer: async ({ page }, use) => use(new ImportPage(page)),
  tour: async ({ page }, use) => use(new TourPage(page)),
  present: async ({ page }, use) => use(new PresentPage(page)),
  arrivals: async ({ page }, use) => use(new ArrivalsPage(page)),
  metatrain: async ({ page }, use) => use(new MetatrainPage(page)),
});

export { expect } from '@playwright/test';
