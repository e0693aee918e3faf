/**
 * Where keyboard focus goes after a rating is saved from the keyboard: to the next movie's rating
 * control, in page order. A rated onboarding card leaves the page (the card after it takes its
 * place); a recommendation or a row of your ratings stays until the list changes.
 */
const CONTROL = '[data-rating-control]';

const controls = () => Array.from(document.querySelectorAll<HTMLElement>(CONTROL));

/** Call before the rating is saved; focus moves after the page has re-rendered. */
export function focusNextRating(group: HTMLElement): void {
  const at = controls().indexOf(group);
  requestAnimationFrame(() => {
    const now = controls();
    const next = group.isConnected ? now[now.indexOf(group) + 1] : now[at];
    if (!next) return;
    const radio =
      next.querySelector<HTMLInputElement>('input:checked') ?? next.querySelector<HTMLInputElement>('input');
    radio?.focus();
  });
}
