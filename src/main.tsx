/**
 * The page's entry: restore what the visitor saved, start the worker bridge, render. The main
 * thread never loads TensorFlow.js; all model work happens in src/worker.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startBridge } from './state/bridge';
import { loadPersisted } from './state/persistence';
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

// Resolved here, on the page: a relative URL inside the worker would resolve against the worker script.
const modelBase = new URL(`${import.meta.env.BASE_URL}model/`, window.location.href).href;
startBridge(useAppStore, { modelBase, storage });

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
