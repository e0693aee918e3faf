/**
 * What the suite may expect of the shipped files, read from disk (the build serves the same
 * copies): the model's methods (public/model/manifest.json) and the evaluation reports
 * (eval/report.json, eval/crossval/report.json). The specs then test the app against whatever was
 * trained, not against a method list written down once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isShippedReport, type ShippedReport } from '../src/eval/shippedReport';
import type { ModelManifest } from '../src/model/format';
import { COMPARE_METHODS } from '../src/state/shareState';
import { PANEL_BASELINES } from '../src/ui/teach/methods';

const json = (path: string): unknown =>
  existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : null;

export const MANIFEST = json('public/model/manifest.json') as ModelManifest;

const stepsOf = (rule: ModelManifest['methods'][number]['rule']): number =>
  rule.kind === 'gradient' || rule.kind === 'list' ? rule.innerSteps : 0;
const isList = MANIFEST.methods.some((m) => m.rule.kind === 'list');

/** The compare view's methods this model has, in display order (the bias baseline needs stars). */
export const COMPARED: string[] = COMPARE_METHODS.filter((m) =>
  m === 'bias' ? !isList || MANIFEST.ratingHead !== undefined : MANIFEST.methods.some((x) => x.name === m),
);
/** Those drawn on the compare chart: beside list methods the bias baseline has no list loss. */
export const CHARTED: string[] = COMPARED.filter((m) => !(isList && m === 'bias'));
/** Shipped methods that take inner steps (their support loss falls). */
export const STEPWISE: string[] = MANIFEST.methods.filter((m) => stepsOf(m.rule) > 0).map((m) => m.name);
/** Whether the inner-loop controls offer "What adapts" (only a rating method has a bias to freeze). */
export const BIAS_SETTING = MANIFEST.methods.some((m) => m.rule.kind === 'gradient');

const evalReport = json('eval/report.json');
/** The shipped evaluation, when it is one the app reads (version 2). */
export const REPORT: ShippedReport | null = isShippedReport(evalReport) ? evalReport : null;
const crossval = json('eval/crossval/report.json') as
  (ShippedReport & { crossval?: { users?: string } }) | null;
/** The cross-validation the panel shows: a version-2 report over every user. */
export const CROSSVAL =
  isShippedReport(crossval) && crossval.crossval?.users !== 'trainval' ? crossval : null;
/** The baselines the panel draws and pairs the default method with, those in a report. */
export const pairedBaselines = (r: ShippedReport | null): string[] =>
  PANEL_BASELINES.filter((b) =>
    r?.topn.paired?.some((p) => p.against === b && Number.isFinite(p.recall.mean)),
  );
