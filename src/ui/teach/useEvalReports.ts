/**
 * The shipped evaluation reports, fetched once: eval/report.json (a missing or older one is an
 * error the panel says) and the optional cross-validation, eval/crossval/report.json (without one,
 * or with an older one, the panel does not mention it).
 */
import { useEffect, useState } from 'react';
import { isShippedReport, type ShippedReport } from '../../eval/shippedReport';
import type { Crossval } from './evalMetrics';

export function useEvalReports(): {
  report: ShippedReport | null;
  error: string | null;
  crossval: Crossval | null;
} {
  const [report, setReport] = useState<ShippedReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [crossval, setCrossval] = useState<Crossval | null>(null);
  useEffect(() => {
    let live = true;
    fetch(`${import.meta.env.BASE_URL}eval/report.json`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((j: unknown) => {
        if (!live) return;
        if (isShippedReport(j)) setReport(j);
        else
          setError(
            'it is from an older version of the app, without the catalog-wide Recall@20: `npm run eval` writes a new one',
          );
      })
      .catch((e: Error) => live && setError(e.message));
    fetch(`${import.meta.env.BASE_URL}eval/crossval/report.json`)
      .then((r) => (r.ok ? r.json() : null))
      .then((j: unknown) => {
        if (live && isShippedReport(j) && (j as Crossval).crossval?.users !== 'trainval') setCrossval(j);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return { report, error, crossval };
}
