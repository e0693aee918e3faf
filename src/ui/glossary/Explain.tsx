import { useId, useRef, useState, type ToggleEvent } from 'react';
import { createPortal } from 'react-dom';
import { TERMS, type TermId } from './terms';
import './glossary.css';

/**
 * A small "?" button beside a word that opens its glossary entry (src/ui/glossary/terms.ts) in a
 * popover: keyboard (Tab, Enter or Space; Escape closes and focus stays on the button), mouse and
 * touch (a tap opens it, a tap elsewhere closes it). The Popover API does the opening, light dismiss
 * and Escape, and puts the popover in the top layer, so no card's overflow clips it. The popover is
 * rendered into <body>: its text is not part of the surrounding line's text (a live status line,
 * a legend). Placement is set through the CSSOM (element.style), which the CSP allows.
 * `term` null (a method without an entry, such as the bias baseline): nothing.
 */
export function Explain({ term }: { term: TermId | null }) {
  return term === null ? null : <Popover term={term} />;
}

function Popover({ term }: { term: TermId }) {
  const entry = TERMS[term];
  const id = `explain-${useId().replace(/[^\w-]/g, '')}`;
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  // Before it shows (its width from the stylesheet's max-width) and again once it has a size.
  const place = (pop: HTMLElement, width = pop.offsetWidth || 320) => {
    const b = button.current?.getBoundingClientRect();
    if (!b) return;
    const left = Math.min(Math.max(8, b.left), Math.max(8, document.documentElement.clientWidth - width - 8));
    pop.style.left = `${left + window.scrollX}px`;
    pop.style.top = `${b.bottom + 6 + window.scrollY}px`;
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        className="explain-btn"
        popoverTarget={id}
        aria-expanded={open}
        aria-controls={id}
        aria-label={`What is ${entry.name}?`}
        data-testid="explain"
        data-term={term}
      />
      {createPortal(
        <div
          id={id}
          popover="auto"
          className="explain-pop"
          role="note"
          aria-label={entry.name}
          data-testid="explain-popover"
          data-term={term}
          onBeforeToggle={(e: ToggleEvent<HTMLDivElement>) => {
            if (e.newState === 'open') place(e.currentTarget, 320);
          }}
          onToggle={(e: ToggleEvent<HTMLDivElement>) => {
            const isOpen = e.newState === 'open';
            setOpen(isOpen);
            if (isOpen) place(e.currentTarget);
          }}
        >
          <strong>{entry.name}</strong> {entry.text}
          {'formula' in entry && <code className="explain-formula">{entry.formula}</code>}
        </div>,
        document.body,
      )}
    </>
  );
}
