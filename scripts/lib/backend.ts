/** Choosing the tfjs backend in Node: cpu (default) or wasm (its binary ships in the npm package). */
import * as tf from '@tensorflow/tfjs';

export async function useBackend(name: string): Promise<void> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  else if (name !== 'cpu') throw new Error(`--backend: "${name}" is not available in Node; use cpu or wasm`);
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name)
    throw new Error(`--backend: tfjs could not initialize the ${name} backend`);
}
