import './print.css';

/**
 * Printing from the staff app: print.css lays every screen out on A4; this module opens collapsed
 * sections (<details>) while the browser prints, so the paper holds the whole record, and lets a
 * button print one part of a page alone (the key task's report on the dashboard).
 */

const printOnlyAttribute = 'data-print-only';

/** Opens every closed <details> before printing and closes them again after. */
export function expandWhilePrinting(): void {
  let opened: HTMLDetailsElement[] = [];
  window.addEventListener('beforeprint', () => {
    opened = [...document.querySelectorAll<HTMLDetailsElement>('details:not([open])')];
    for (const details of opened) details.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const details of opened) details.open = false;
    opened = [];
  });
}

/**
 * Prints only the element with this id (print.css hides the rest of the page while the
 * attribute is set), then shows the page whole again.
 */
export function printOnly(elementId: string): void {
  const root = document.documentElement;
  root.setAttribute(printOnlyAttribute, elementId);
  document.getElementById(elementId)?.setAttribute('data-printing', '');
  const restore = () => {
    root.removeAttribute(printOnlyAttribute);
    document.getElementById(elementId)?.removeAttribute('data-printing');
  };
  window.addEventListener('afterprint', restore, { once: true });
  window.print();
}
