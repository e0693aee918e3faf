import { useCallback } from 'react';
import { isHidden } from '../state/selectors';
import type { Hideable } from '../state/shareState';
import { useAppStore } from '../state/store';
import { AdaptationChart } from './charts/AdaptationChart';
import { AdaptStatus } from './charts/AdaptStatus';
import { FitChart } from './charts/FitChart';
import { ImportRatings } from './import/ImportRatings';
import { EmbeddingMap } from './map/EmbeddingMap';
import { CandidateDeck } from './onboarding/CandidateDeck';
import { RatedList } from './onboarding/RatedList';
import { RecommendationList } from './recs/RecommendationList';
import { TopList } from './recs/TopList';
import { AboutPanel } from './shell/AboutPanel';
import { FatalError } from './shell/FatalError';
import { Header } from './shell/Header';
import { LoadingCard } from './shell/LoadingCard';
import { Notices } from './shell/Notices';
import { PresentBar } from './shell/PresentBar';
import { RecoveryBanner } from './shell/RecoveryBanner';
import { SettingsPanel } from './shell/SettingsPanel';
import { SkipLinks } from './shell/SkipLinks';
import { UndoToast } from './shell/UndoToast';
import { ArrivalsHost } from './arrivals/ArrivalsHost';
import { ComparePanel } from './teach/ComparePanel';
import { DemoBar } from './teach/DemoBar';
import { EvalHost } from './teach/EvalHost';
import { MetaTrainHost } from './metatrain/MetaTrainHost';
import { TourHost } from './tour/TourHost';

export function App() {
  const status = useAppStore((s) => s.engine.status);
  const fatal = useAppStore((s) => s.engine.fatal);
  // A restart after a crash or a lost GPU keeps the page (and its last results) on screen.
  const firstLoad = useAppStore((s) => s.catalog === null);
  const panel = useAppStore((s) => s.panel);
  const setPanel = useAppStore((s) => s.setPanel);
  const close = useCallback(() => setPanel(null), [setPanel]);
  const hidden = useAppStore((s) => s.teach.hidden);
  const display = useAppStore((s) => s.display);
  // Presenter and embed mode: only what a room needs (deck, map, curve, top 10), no page chrome.
  const room = display !== 'page';
  const show = (name: Hideable) => !isHidden({ teach: { hidden }, display }, name);
  return (
    <div className="app" data-status={status} data-display={display} data-testid="app">
      <SkipLinks />
      {room ? <PresentBar display={display} /> : <Header />}
      <Notices />
      <RecoveryBanner />
      <main className="page">
        {fatal ? (
          <FatalError fatal={fatal} />
        ) : status === 'loading' && firstLoad ? (
          <LoadingCard />
        ) : (
          <>
            {!room && <ImportRatings />}
            {!room && <DemoBar />}
            {show('status') && <AdaptStatus />}
            <div
              className={`layout${show('rate') || show('rated') ? '' : ' layout-no-rate'}${show('recs') ? '' : ' layout-no-top'}`}
            >
              {show('rate') && (
                <div className="col col-rate">
                  <CandidateDeck />
                </div>
              )}
              {show('rated') && (
                <div className="col col-rated">
                  <RatedList />
                </div>
              )}
              {show('recs') && (
                <div className="col col-top">
                  <TopList />
                </div>
              )}
              {(show('map') || show('charts')) && (
                <div className={`viz${show('map') && show('charts') ? '' : ' viz-one'}`}>
                  {show('map') && <EmbeddingMap />}
                  {show('charts') && (
                    <section className="card charts" aria-label="How the model learned">
                      <AdaptationChart />
                      {!room && <FitChart />}
                    </section>
                  )}
                </div>
              )}
            </div>
            {show('recs') && !room && <RecommendationList />}
            {!room && <ArrivalsHost />}
            {show('compare') && <ComparePanel />}
            {!room && <MetaTrainHost />}
            {show('eval') && <EvalHost />}
          </>
        )}
      </main>
      {!room && (
        <footer className="footer">
          Runs entirely in your browser · your ratings never leave this device · data: MovieLens by GroupLens
          Research ·{' '}
          <button type="button" className="link" onClick={() => setPanel('about')}>
            About and license
          </button>
        </footer>
      )}
      <UndoToast />
      <TourHost />
      {panel === 'about' && <AboutPanel onClose={close} />}
      {panel === 'settings' && <SettingsPanel onClose={close} />}
    </div>
  );
}
