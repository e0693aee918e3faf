/**
 * The panel's controls, each a labelled input: the method, the meta and inner learning rates, inner
 * steps, meta-batch size, the range of K per episode and the seed. A number is applied once it is a
 * number within its bounds (the input says when it is not); the address follows (main.tsx).
 */
import { useState } from 'react';
import { useAppStore } from '../../state/store';
import { METATRAIN_BOUNDS as B, METATRAIN_LABELS } from '../../state/url/metatrainParams';
import {
  METATRAIN_METHODS,
  type MetaTrainConfig,
  type MetaTrainMethod,
} from '../../worker/metatrainProtocol';
import { Explain } from '../glossary/Explain';

type NumKey = Exclude<keyof MetaTrainConfig, 'method'>;

/** A number input that applies only valid values and keeps what the visitor typed meanwhile. */
function NumberControl({
  label,
  field,
  bounds,
  whole,
  step,
  valid = () => true,
  term,
}: {
  label: string;
  field: NumKey;
  bounds: { min: number; max: number };
  whole: boolean;
  step: number | 'any';
  valid?: (x: number, c: MetaTrainConfig) => boolean;
  term?: 'metaStep' | 'metaBatch' | 'learningRate';
}) {
  const value = useAppStore((s) => s.metatrain.config[field]);
  const set = useAppStore((s) => s.setMetaTrainConfig);
  const [draft, setDraft] = useState<string | null>(null);
  const ok = (x: number) =>
    Number.isFinite(x) &&
    x >= bounds.min &&
    x <= bounds.max &&
    (!whole || Number.isInteger(x)) &&
    valid(x, useAppStore.getState().metatrain.config);
  const shown = draft ?? String(value);
  const invalid = draft !== null && !ok(Number(draft));
  return (
    <label className="control control-inline">
      <span>
        {label}
        {term && <Explain term={term} />}
      </span>
      <input
        type="number"
        inputMode="decimal"
        min={bounds.min}
        max={bounds.max}
        step={step}
        value={shown}
        aria-invalid={invalid}
        onChange={(e) => {
          const text = e.target.value;
          const x = Number(text);
          if (text.trim() !== '' && ok(x)) {
            setDraft(null);
            if (x !== value) set({ [field]: x });
          } else setDraft(text);
        }}
        onBlur={() => setDraft(null)}
      />
    </label>
  );
}

export function MetaTrainControls() {
  const method = useAppStore((s) => s.metatrain.config.method);
  const set = useAppStore((s) => s.setMetaTrainConfig);
  const loading = useAppStore((s) => s.metatrain.state === 'loading');
  return (
    <fieldset className="metatrain-controls control-grid" disabled={loading}>
      <legend className="sr-only">Training settings</legend>
      <label className="control control-inline">
        <span>Method</span>
        <select value={method} onChange={(e) => set({ method: e.target.value as MetaTrainMethod })}>
          {METATRAIN_METHODS.map((m) => (
            <option key={m} value={m}>
              {METATRAIN_LABELS[m]}
            </option>
          ))}
        </select>
      </label>
      <NumberControl
        label="Meta learning rate"
        field="outerLr"
        bounds={B.outerLr}
        whole={false}
        step="any"
        term="learningRate"
      />
      <NumberControl label="Inner steps" field="innerSteps" bounds={B.innerSteps} whole step={1} />
      <NumberControl
        label="Inner learning rate"
        field="innerLr"
        bounds={B.innerLr}
        whole={false}
        step="any"
      />
      <NumberControl
        label="Meta-batch size"
        field="metaBatch"
        bounds={B.metaBatch}
        whole
        step={1}
        term="metaBatch"
      />
      <NumberControl
        label="Smallest K"
        field="kMin"
        bounds={B.k}
        whole
        step={1}
        valid={(x, c) => x <= c.kMax}
      />
      <NumberControl
        label="Largest K"
        field="kMax"
        bounds={B.k}
        whole
        step={1}
        valid={(x, c) => x >= c.kMin}
      />
      <NumberControl label="Seed" field="seed" bounds={B.seed} whole step={1} />
    </fieldset>
  );
}
