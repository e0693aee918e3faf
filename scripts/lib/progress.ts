/**
 * A one-line terminal progress bar with ETA and a free-form suffix (e.g. the running meta-val
 * loss). On a TTY it redraws in place; otherwise (CI logs) it prints at every 10%.
 */
export interface Progress {
  update(done: number, suffix?: string): void;
  done(suffix?: string): void;
}

const fmt = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export function createProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const start = Date.now();
  const tty = Boolean(stream.isTTY);
  let lastDecile = -1;
  let lastDraw = 0;
  let suffixKept = '';
  const line = (done: number) => {
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const width = 24;
    const filled = Math.round(frac * width);
    const elapsed = (Date.now() - start) / 1000;
    const eta = frac > 0 ? (elapsed / frac) * (1 - frac) : NaN;
    return `${label.padEnd(10)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}% ${done}/${total} elapsed ${fmt(elapsed)} ETA ${fmt(eta)} ${suffixKept}`;
  };
  return {
    update(done, suffix) {
      if (suffix !== undefined) suffixKept = suffix;
      const now = Date.now();
      if (tty) {
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        stream.write(`\r${line(done)}\x1b[K`);
      } else {
        const decile = Math.floor((done / Math.max(total, 1)) * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${line(done)}\n`);
        }
      }
    },
    done(suffix) {
      if (suffix !== undefined) suffixKept = suffix;
      stream.write(`${tty ? '\r' : ''}${line(total)}${tty ? '\x1b[K' : ''}\n`);
    },
  };
}
