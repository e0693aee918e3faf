import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/store';
import { clampStep, TOUR_STEPS, type TourAction } from './steps';
import './tour.css';

/**
 * The guided tour, loaded on demand (TourHost): a non-modal dialog at the side of the page that
 * walks through the workshop exercises, points at each one's panel (a data-tour-target attribute
 * the stylesheet outlines, and the panel scrolled into view) and moves by keyboard, mouse or touch.
 * Escape or Close ends it, and focus goes back to the button that opened it.
 */
export function Tour() {
  const stored = useAppStore((s) => s.teach.tourStep) ?? 1;
  const hidden = useAppStore((s) => s.teach.hidden);
  const setTourStep = useAppStore((s) => s.setTourStep);
  const n = clampStep(stored);
  const step = TOUR_STEPS[n - 1] ?? TOUR_STEPS[0];
  const last = TOUR_STEPS.length;
  const heading = useRef<HTMLHeadingElement>(null);
  const panelHidden = step ? step.panels.some((p) => hidden.includes(p)) : false;

  // The first time: focus moves into the tour, so a keyboard user is where the tour is.
  useEffect(() => {
    heading.current?.focus();
  }, []);

  // The target is marked (and scrolled to) when it appears: a linked step opens while the page is
  // still loading, and a panel may render its content anew (the compare view once ratings arrive).
  useEffect(() => {
    if (!step || panelHidden) return;
    let marked: Element | null = null;
    let scrolled = false;
    const mark = () => {
      const target = document.querySelector(step.target);
      if (target === marked) return;
      marked?.removeAttribute('data-tour-target');
      marked = target;
      if (!target) return;
      target.setAttribute('data-tour-target', '');
      if (scrolled) return;
      scrolled = true;
      const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
      target.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
    };
    mark();
    // Attribute changes are not observed: marking the target does not call this again.
    const observer = new MutationObserver(mark);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      marked?.removeAttribute('data-tour-target');
    };
  }, [step, panelHidden]);

  if (!step) return null;
  const close = () => {
    setTourStep(null);
    document.querySelector<HTMLElement>('[data-testid="tour-open"]')?.focus();
  };
  const act = (a: TourAction) => {
    const s = useAppStore.getState();
    if (a.kind === 'huge-lr') s.setInner({ lr: 50 });
    else s.restoreDefaults();
  };
  return (
    <section
      className="tour"
      role="dialog"
      aria-modal="false"
      aria-labelledby="tour-title"
      data-testid="tour"
      data-step={n}
      data-steps={last}
      data-panel-hidden={panelHidden ? 'true' : 'false'}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          close();
        }
      }}
    >
      <p className="tour-count">
        Guided tour · step {n} of {last}
      </p>
      <div aria-live="polite">
        <h2 id="tour-title" ref={heading} tabIndex={-1}>
          {step.title}
        </h2>
        <p>{step.body}</p>
        {panelHidden && (
          <p className="tour-note" data-testid="tour-hidden-panel">
            This link hides that part of the page, so there is nothing to point at here.
          </p>
        )}
      </div>
      {step.actions && !panelHidden && (
        <div className="tour-actions">
          {step.actions.map((a) => (
            <button
              key={a.kind}
              type="button"
              className="btn btn-ghost btn-sm"
              data-testid="tour-action"
              data-action={a.kind}
              onClick={() => act(a)}
            >
              {a.label}
            </button>
          ))}
        </div>
      )}
      <div className="tour-nav">
        <button type="button" className="btn btn-ghost btn-sm" onClick={close}>
          Close tour
        </button>
        <span className="tour-nav-move">
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            disabled={n === 1}
            onClick={() => setTourStep(n - 1)}
          >
            Back
          </button>
          <button
            type="button"
            className="btn btn-primary btn-sm"
            onClick={() => (n === last ? close() : setTourStep(n + 1))}
          >
            {n === last ? 'Finish' : 'Next'}
          </button>
        </span>
      </div>
    </section>
  );
}
