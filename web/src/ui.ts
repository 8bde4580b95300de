// Page furniture shared by the live pages: connection status, the alert toast, the invalid-link notice,
// and a helper that disables buttons while a call is in flight.

import { readable } from './api';
import { el, setAttr, setText, show } from './dom';
import { t } from './i18n';
import type { ConnectionStatus } from './session';

const STATUS_TEXT: Record<ConnectionStatus, () => string> = {
  connecting: () => t.connConnecting,
  live: () => t.connLive,
  reconnecting: () => t.connReconnecting,
  offline: () => t.connOffline,
};

/** Shows the connection state in `[data-testid=connection-status]` (text plus `data-state` for styling). */
export function renderStatus(status: ConnectionStatus): void {
  for (const node of document.querySelectorAll<HTMLElement>('[data-testid="connection-status"]')) {
    setText(node, STATUS_TEXT[status]());
    setAttr(node, 'data-state', status);
  }
  // A plain sentence while the connection is down: what the person does now is not sent.
  for (const node of document.querySelectorAll<HTMLElement>('[data-testid="connection-banner"]')) {
    const sentence = status === 'reconnecting' ? t.connBannerReconnecting : status === 'offline' ? t.connBannerOffline : '';
    setText(node, sentence);
    node.hidden = !sentence;
    setAttr(node, 'data-state', status);
  }
}

let toastTimer: number | undefined;

/**
 * Shows a message in the page's `role="alert"` toast (`[data-testid=toast]`). The region is part of the
 * page from the start, so screen readers announce what is put in it.
 */
export function toast(message: string, kind: 'error' | 'info' = 'error'): void {
  let region = document.querySelector<HTMLElement>('[data-testid="toast"]');
  if (!region) {
    region = el('div', { className: 'toast', role: 'alert', 'data-testid': 'toast', hidden: true });
    document.body.append(region);
  }
  const messageNode = el('span', { className: 'toast-message', 'data-testid': 'toast-message' }, message);
  const close = el('button', { type: 'button', className: 'toast-close', 'aria-label': t.dismiss }, '×');
  const target = region;
  close.addEventListener('click', () => hideToast(target));
  region.replaceChildren(messageNode, close);
  region.dataset['kind'] = kind;
  region.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => hideToast(target), kind === 'error' ? 10_000 : 4000);
}

function hideToast(region: HTMLElement): void {
  region.hidden = true;
  region.replaceChildren();
}

/** Replaces the page's main content with "This link is not valid". */
export function showInvalidLink(): void {
  const main = document.querySelector('main') ?? document.body;
  const box = el('section', { className: 'card notice', role: 'alert', 'data-testid': 'link-invalid' }, [
    el('h1', {}, t.linkInvalid),
    el('p', {}, t.linkInvalidHelp),
  ]);
  main.replaceChildren(box);
  renderStatus('offline');
}

/**
 * Runs an action with the given buttons disabled (and aria-busy) until it settles; a failure is shown in
 * the toast with the server's readable sentence. Returns true when the action succeeded.
 */
export async function withBusy(buttons: (HTMLButtonElement | null | undefined)[], action: () => Promise<unknown>): Promise<boolean> {
  const targets = buttons.filter((b): b is HTMLButtonElement => !!b);
  for (const button of targets) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  try {
    await action();
    return true;
  } catch (error) {
    toast(readable(error));
    return false;
  } finally {
    for (const button of targets) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
}

const noticeTimers = new WeakMap<HTMLElement, number>();

/**
 * Puts a message in a polite live region (`role="status"`, part of the page from the start) next to what the
 * person just did. Errors stay until the next message; other messages fade after a while. The same text twice
 * in a row is announced again.
 */
export function announce(region: HTMLElement | null | undefined, message: string, kind: 'error' | 'info' = 'info'): void {
  if (!region) return;
  window.clearTimeout(noticeTimers.get(region));
  region.dataset['kind'] = kind;
  if (region.textContent === message && message) {
    region.textContent = '';
    window.setTimeout(() => (region.textContent = message), 50);
  } else {
    region.textContent = message;
  }
  if (message && kind === 'info') {
    noticeTimers.set(region, window.setTimeout(() => (region.textContent = ''), 8000));
  }
}

/**
 * Runs an action; a refusal (the sentence after its code, or "Not sent — you are offline") goes to a polite
 * live region next to the control instead of the alert toast. The caller keeps its controls disabled while it
 * runs (so it can tell what stays disabled afterwards). Returns true when the action succeeded.
 */
export async function attempt(region: HTMLElement | null | undefined, action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    if (region) announce(region, readable(error), 'error');
    else toast(readable(error));
    return false;
  }
}

/** What {@link askFirst} shows: the button, the question it asks, and its "yes". */
export interface AskFirst {
  label: string;
  ariaLabel: string;
  question: string;
  yes: string;
  no: string;
  /** `data-testid`s: `${testId}` (the button), `${testId}-confirm` (the question), `${testId}-yes`, `${testId}-no`. */
  testId: string;
  /** Runs on "yes"; while it runs "yes" is disabled; when it fails "yes" can be pressed again. */
  action: () => Promise<void>;
}

/**
 * A button for something that cannot be undone: it asks first (naming what it will do), and only the "yes" acts;
 * "no" goes back to the button. Focus moves to "no", then back to the button.
 */
export function askFirst(options: AskFirst): HTMLElement {
  const box = el('span', { className: 'ask-first' });
  const ask = el('button', {
    type: 'button', className: 'btn small secondary', 'data-testid': options.testId, 'aria-label': options.ariaLabel,
  }, options.label);
  const yes = el('button', { type: 'button', className: 'btn small danger', 'data-testid': `${options.testId}-yes` }, options.yes);
  const no = el('button', { type: 'button', className: 'btn small secondary', 'data-testid': `${options.testId}-no` }, options.no);
  const confirm = el('span', { className: 'ask-first-confirm', role: 'group', 'data-testid': `${options.testId}-confirm` }, [
    el('span', {}, options.question), ' ', yes, ' ', no,
  ]);
  show(confirm, false);
  ask.addEventListener('click', () => {
    show(ask, false);
    show(confirm, true);
    no.focus();
  });
  no.addEventListener('click', () => {
    show(confirm, false);
    show(ask, true);
    ask.focus();
  });
  yes.addEventListener('click', () => {
    yes.disabled = true;
    void options.action().then(
      () => {
        show(confirm, false);
        show(ask, true);
        yes.disabled = false;
      },
      () => {
        yes.disabled = false;
      },
    );
  });
  box.append(ask, confirm);
  return box;
}
