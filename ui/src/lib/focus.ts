// Focus management for dialogs: focus moves into the dialog, Tab stays inside it, and
// focus returns to where it was when the dialog closes.

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(node: HTMLElement): HTMLElement[] {
  return [...node.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
}

/** Svelte action: `<div use:trapFocus>`; an element with `data-autofocus` gets focus first. */
export function trapFocus(node: HTMLElement) {
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  // After the dialog's content has rendered (and any async field focus has had its say).
  queueMicrotask(() => {
    if (node.contains(document.activeElement)) return;
    const first = node.querySelector<HTMLElement>("[data-autofocus]") ?? focusables(node)[0] ?? node;
    first.focus();
  });

  function onKeydown(e: KeyboardEvent) {
    if (e.key !== "Tab") return;
    const items = focusables(node);
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  node.addEventListener("keydown", onKeydown);
  return {
    destroy() {
      node.removeEventListener("keydown", onKeydown);
      // Only give focus back if it is not already somewhere deliberate.
      if (previous?.isConnected && (document.activeElement === document.body || document.activeElement === null)) previous.focus();
    },
  };
}

/** True for elements that take typed text, where single-key shortcuts must not fire. */
export function isTextField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit", "reset"].includes(el.type);
  return el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}
