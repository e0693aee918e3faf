/**
 * The import worker's entry: wires the handler to `self`. Parsing and matching a file of thousands
 * of rows runs here, off the page's main thread. Loads no TensorFlow.js.
 */
import { createImportHandler } from './importHandler';
import type { ImportEvent, ImportRequest } from './importProtocol';

const handler = createImportHandler({
  post: (event: ImportEvent) => self.postMessage(event),
  fetch: (url) => fetch(url),
});

self.onmessage = (e: MessageEvent<ImportRequest>) => void handler.handle(e.data);
