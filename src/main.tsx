/**
 * The page's entry: restore what the visitor saved, start the worker bridge, render. The main
 * thread never loads TensorFlow.js; all model work happens in src/worker.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startBridge } from './state/bridge';
import { loadPersisted } from './state/persistence';
import { sharedOf } from './state/selectors';
import { decodeHash, encodeHash, hiddenFrom, workshopKeys, type SharedState } from './state/shareState';
import { useAppStore } from './state/store';
import { App } from './ui/App';
import { BACKENDS, type BackendName } from './worker/protocol';
import './ui/styles.css';

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const storage = safeStorage();
const loaded = loadPersisted(storage);
const param = new URLSearchParams(window.location.search).get('backend');
const urlBackend = BACKENDS.includes(param as BackendName) ? (param as BackendName) : null;
useAppStore.getState().hydrate(loaded.state, urlBackend);
if (loaded.notice) useAppStore.getState().addNotice(loaded.notice, 'warning');
if (param !== null && urlBackend === null)
  useAppStore
    .getState()
    .addNotice(
      `Unknown backend "${param}" in the address: choosing automatically. Use webgpu, webgl, wasm or cpu.`,
      'warning',
    );

// The URL hash carries a shared state (ratings, settings, seed): it wins over local storage.
let lastHash = '';
function applyHash(hash: string): void {
  const decoded = decodeHash(hash);
  if (decoded.kind === 'ok') useAppStore.getState().applyShared(decoded.state);
  else if (decoded.kind === 'invalid')
    useAppStore
      .getState()
      .addNotice(
        `The state in this link could not be used (${decoded.reason}), so it was ignored.`,
        'warning',
      );
}
applyHash(window.location.hash);
const params = new URLSearchParams(window.location.search);
const pause = Number(params.get('pause'));
useAppStore.setState((s) => ({
  teach: {
    ...s.teach,
    hidden: hiddenFrom(window.location.search, window.location.hash),
    ...(Number.isFinite(pause) && pause >= 0 && params.has('pause')
      ? { pauseMs: Math.min(pause, 10_000) }
      : {}),
  },
}));
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
const onShared: Parameters<typeof startBridge>[1]['onShared'] = (s) => {
  if (pendingShared === null) setTimeout(writeHash, 0);
  pendingShared = s;
};

// Resolved here, on the page: a relative URL inside the worker would resolve against the worker script.
const modelBase = new URL(`${import.meta.env.BASE_URL}model/`, window.location.href).href;
startBridge(useAppStore, { modelBase, storage, onShared });
onShared(sharedOf(useAppStore.getState()));

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
