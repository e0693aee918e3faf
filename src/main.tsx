/**
 * The page's entry: restore what the visitor saved, start the worker bridge, render. The main
 * thread never loads TensorFlow.js; all model work happens in src/worker.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startBridge } from './state/bridge';
import { parseDebugParams } from './state/debugParams';
import { browserStorage, loadPersisted } from './state/persistence';
import { sharedOf } from './state/selectors';
import {
  decodeHash,
  displayFrom,
  encodeHash,
  hiddenFrom,
  MAX_LINK_RATINGS,
  tourFrom,
  withDisplay,
  workshopKeys,
  type SharedState,
} from './state/shareState';
import { useAppStore } from './state/store';
import { readSwitch } from './state/url/kinds';
import { metatrainFrom, withMetaTrain } from './state/url/metatrainParams';
import { SWITCHES } from './state/url/params';
import { offlineCopy } from './offline/register';
import { App } from './ui/App';
import { startTheme } from './ui/theme';
import { FAULTS, type Fault } from './worker/protocol';
import './ui/styles.css';

const storage = browserStorage();
const loaded = loadPersisted(storage);
// Every address parameter is declared, parsed and checked once, in src/state/url/params.ts.
const backend = readSwitch(SWITCHES.backend, window.location.search, window.location.hash);
useAppStore.getState().hydrate(loaded.state, backend.value);
if (loaded.notice)
  useAppStore.getState().addNotice(loaded.notice, 'warning', {
    key: 'storage',
    ...(loaded.setAside
      ? {
          download: {
            label: 'Download the unreadable data',
            filename: loaded.setAside.filename,
            text: loaded.setAside.raw,
          },
        }
      : {}),
  });
for (const problem of backend.problems) useAppStore.getState().addNotice(problem, 'warning');

// The URL hash carries a shared state (ratings, settings, seed): it wins over local storage.
let lastHash = '';
function applyHash(hash: string): void {
  const decoded = decodeHash(hash);
  if (decoded.kind === 'ok' && decoded.ratingsNotInLink !== undefined) {
    // A link of more ratings than links carry: keep the ratings this browser has.
    const here = useAppStore.getState().rated;
    useAppStore.getState().applyShared({ ...decoded.state, ratings: here });
    if (here.length !== decoded.ratingsNotInLink)
      useAppStore
        .getState()
        .addNotice(
          `This link was made with ${decoded.ratingsNotInLink} ratings, more than a link carries (${MAX_LINK_RATINGS}), so it holds only the settings${here.length > 0 ? `; your ${here.length} ratings in this browser are kept` : ''}. To share that many ratings, use "Export ratings" (CSV) and "Import ratings".`,
          'info',
          { key: 'link' },
        );
  } else if (decoded.kind === 'ok') useAppStore.getState().applyShared(decoded.state);
  else if (decoded.kind === 'invalid')
    // The address is rewritten from the app's state next: the ignored link stays downloadable.
    useAppStore
      .getState()
      .addNotice(
        `The state in this link could not be used (${decoded.reason}), so it was ignored.`,
        'warning',
        {
          download: {
            label: 'Download the ignored link',
            filename: 'warmstart-ignored-link.txt',
            text: `${window.location.href}\n`,
          },
        },
      );
}
applyHash(window.location.hash);
const pause = readSwitch(SWITCHES.pause, window.location.search, window.location.hash).value;
const hidden = hiddenFrom(window.location.search, window.location.hash);
// `tour=N` opens the guided tour at step N, unless the link also hides the tour (`hide=tour`).
const tour = tourFrom(window.location.search, window.location.hash);
if (tour.problem) useAppStore.getState().addNotice(tour.problem, 'warning');
useAppStore.setState((s) => ({
  teach: {
    ...s.teach,
    hidden,
    tourStep: hidden.includes('tour') ? null : tour.step,
    ...(pause !== null ? { pauseMs: pause } : {}),
  },
}));
// `arrival=N` (with `ak=K`) opens the New arrivals panel at its N-th movie with K of its ratings.
const arrival = readSwitch(SWITCHES.arrival, window.location.search, window.location.hash);
const arrivalK = readSwitch(SWITCHES.ak, window.location.search, window.location.hash);
for (const problem of [...arrival.problems, ...arrivalK.problems])
  useAppStore.getState().addNotice(problem, 'warning');
if (arrival.value !== null)
  useAppStore.getState().openArrivals({ index: arrival.value - 1, k: arrivalK.value ?? 0 });
// Presenter and embed mode (`?present`, `?embed`): <html data-display> scales the type; the
// header's toggle switches it and the address follows, so a reload or a shared link keeps it.
useAppStore.getState().setDisplay(displayFrom(window.location.search, window.location.hash));
document.documentElement.dataset.display = useAppStore.getState().display;
useAppStore.subscribe((s, prev) => {
  if (s.display === prev.display) return;
  document.documentElement.dataset.display = s.display;
  const next = withDisplay(window.location.search, window.location.hash, s.display);
  lastHash = next.hash.replace(/^#/, '');
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${next.search}${next.hash}`,
  );
});
startTheme(useAppStore);
// The meta-training panel (`?metatrain`, its controls `mt=`, `mlr=`, ...): opened from the address,
// and the address follows its controls (in the query, defaults left out), so a link shares them.
const metatrain = metatrainFrom(window.location.search, window.location.hash);
for (const problem of metatrain.problems) useAppStore.getState().addNotice(problem, 'warning');
useAppStore.getState().setMetaTrainConfig(metatrain.config);
if (metatrain.open) useAppStore.getState().openMetaTrain();
useAppStore.subscribe((s, prev) => {
  const m = s.metatrain;
  if (m.open === prev.metatrain.open && m.config === prev.metatrain.config) return;
  const next = withMetaTrain(window.location.search, window.location.hash, m.open, m.config);
  lastHash = next.hash.replace(/^#/, '');
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${next.search}${next.hash}`,
  );
});
window.addEventListener('hashchange', () => {
  if (window.location.hash.replace(/^#/, '') !== lastHash) applyHash(window.location.hash);
});
// Written in a task of its own, the latest state only: replaceState is a same-document navigation
// through the browser process (10-30 ms on a busy machine), which would otherwise lengthen the
// task of every rating.
let pendingShared: SharedState | null = null;
const writeHash = () => {
  const s = pendingShared;
  pendingShared = null;
  if (!s) return;
  lastHash = encodeHash(s, workshopKeys(window.location.hash));
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${window.location.search}#${lastHash}`,
  );
};
let linkTooLong = false;
const onShared: Parameters<typeof startBridge>[1]['onShared'] = (s) => {
  if (pendingShared === null) setTimeout(writeHash, 0);
  pendingShared = s;
  const tooLong = s.ratings.length > MAX_LINK_RATINGS;
  if (tooLong && !linkTooLong)
    useAppStore
      .getState()
      .addNotice(
        `You have more than ${MAX_LINK_RATINGS} ratings: the address no longer carries them (only how many there are), they stay saved in this browser. To share them, use "Export ratings" (CSV).`,
        'info',
        { key: 'link' },
      );
  linkTooLong = tooLong;
};

// Fault-testing switches (`?timeout=`, `?fault=`): inert unless given; see src/state/debugParams.ts.
const debug = parseDebugParams(window.location.search);
for (const problem of debug.problems) useAppStore.getState().addNotice(problem, 'warning');

// Resolved here, on the page: a relative URL inside the worker would resolve against the worker script.
const modelBase = new URL(`${import.meta.env.BASE_URL}model/`, window.location.href).href;
const exclusions = new URL(`${import.meta.env.BASE_URL}exclude.json`, window.location.href).href;
const bridge = startBridge(useAppStore, {
  modelBase,
  exclusions,
  // The meta-training pack: fetched by the worker only when the training panel opens.
  metatrainData: new URL(`${import.meta.env.BASE_URL}metatrain/pack.bin`, window.location.href).href,
  storage,
  onShared,
  ...(debug.loadTimeoutMs !== null ? { loadTimeoutMs: debug.loadTimeoutMs } : {}),
  failSelfCheck: debug.failSelfCheck,
});
if (debug.hook)
  (window as Window & { __warmstartFault?: (fault: Fault) => void }).__warmstartFault = (fault) => {
    if (!FAULTS.includes(fault)) throw new Error(`Unknown fault "${String(fault)}": ${FAULTS.join(', ')}`);
    bridge.inject(fault);
  };
onShared(sharedOf(useAppStore.getState()));

// The offline copy (src/offline): registered once the model has loaded, so its downloads never
// compete with the first one; every time a model is ready the service worker saves that version.
const serviceWorkerUrl = new URL(`${import.meta.env.BASE_URL}sw.js`, window.location.href).href;
let offlineStarted = false;
useAppStore.subscribe((s, prev) => {
  if (s.engine.status !== 'ready' || prev.engine.status === 'ready') return;
  if (!offlineStarted) offlineCopy.start(serviceWorkerUrl, import.meta.env.PROD);
  offlineStarted = true;
  offlineCopy.checkModel();
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
