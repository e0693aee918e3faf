import { useCallback } from 'react';
import { useAppStore } from '../state/store';
import { AdaptationChart } from './charts/AdaptationChart';
import { AdaptStatus } from './charts/AdaptStatus';
import { FitChart } from './charts/FitChart';
import { EmbeddingMap } from './map/EmbeddingMap';
import { CandidateDeck } from './onboarding/CandidateDeck';
import { RatedList } from './onboarding/RatedList';
import { RecommendationList } from './recs/RecommendationList';
import { AboutPanel } from './shell/AboutPanel';
import { FatalError } from './shell/FatalError';
import { Header } from './shell/Header';
import { LoadingCard } from './shell/LoadingCard';
import { Notices } from './shell/Notices';
import { RecoveryBanner } from './shell/RecoveryBanner';
import { SettingsPanel } from './shell/SettingsPanel';

export function App() {
  const status = useAppStore((s) => s.engine.status);
  const fatal = useAppStore((s) => s.engine.fatal);
  const panel = useAppStore((s) => s.panel);
  const setPanel = useAppStore((s) => s.setPanel);
  const close = useCallback(() => setPanel(null), [setPanel]);
  return (
    <div className="app" data-status={status}>
      <Header />
      <Notices />
      <RecoveryBanner />
      <main className="page">
        {fatal ? (
          <FatalError message={fatal} />
        ) : status === 'loading' ? (
          <LoadingCard />
        ) : (
          <div className="layout">
            <div className="col col-left">
              <CandidateDeck />
              <RatedList />
            </div>
            <div className="col col-right">
              <AdaptStatus />
              <div className="viz">
                <EmbeddingMap />
                <section className="card charts" aria-label="How the model learned">
                  <AdaptationChart />
                  <FitChart />
                </section>
              </div>
              <RecommendationList />
            </div>
          </div>
        )}
      </main>
      <footer className="footer">
        Runs entirely in your browser · your ratings never leave this device · data: MovieLens by GroupLens
        Research ·{' '}
        <button type="button" className="link" onClick={() => setPanel('about')}>
          About and license
        </button>
      </footer>
      {panel === 'about' && <AboutPanel onClose={close} />}
      {panel === 'settings' && <SettingsPanel onClose={close} />}
    </div>
  );
}
