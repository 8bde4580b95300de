// Small DOM helpers. Text only ever goes in through textContent (or attributes), never as HTML.

import { chooseLanguage, languageNames, pageLanguages, t, text } from './i18n';
import { watchLimits } from './limits';

type Attrs = Record<string, string | number | boolean | undefined | null>;

/** Creates an element with attributes and (optional) text. `false`/`null`/`undefined` attributes are skipped. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  content?: string | Node | (string | Node)[],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  if (content !== undefined) {
    for (const part of Array.isArray(content) ? content : [content]) {
      node.append(typeof part === 'string' ? document.createTextNode(part) : part);
    }
  }
  return node;
}

/** The element with this id; throws if the page lacks it (a page/skeleton mismatch is a bug). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`Missing #${id}`);
  return node as T;
}

/** The element with this data-testid inside root. */
export function byTestId<T extends HTMLElement = HTMLElement>(testId: string, root: ParentNode = document): T {
  const node = root.querySelector<T>(`[data-testid="${testId}"]`);
  if (!node) throw new Error(`Missing [data-testid=${testId}]`);
  return node;
}

/** Sets textContent only when it differs, so ticking values never cause needless layout or flicker. */
export function setText(node: Node, value: string): void {
  if (node.textContent !== value) node.textContent = value;
}

export function setAttr(node: Element, name: string, value: string | null): void {
  if (value === null) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

export function show(node: HTMLElement, visible: boolean): void {
  if (node.hidden === visible) node.hidden = !visible;
}

/**
 * Fills static text from the strings module: `data-i18n` (textContent), `data-i18n-placeholder`,
 * `data-i18n-aria-label`, `data-i18n-title`.
 */
export function applyI18n(root: ParentNode = document): void {
  document.documentElement.lang = t.lang;
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const value = text(node.dataset['i18n'] ?? '');
    if (value !== undefined) node.textContent = value;
  }
  const attrMap: [string, string][] = [
    ['i18nPlaceholder', 'placeholder'],
    ['i18nAriaLabel', 'aria-label'],
    ['i18nTitle', 'title'],
  ];
  for (const [dataKey, attr] of attrMap) {
    const selector = `[data-${dataKey.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`;
    for (const node of root.querySelectorAll<HTMLElement>(selector)) {
      const value = text(node.dataset[dataKey] ?? '');
      if (value !== undefined) node.setAttribute(attr, value);
    }
  }
  mountLanguageSwitcher();
  // Every page that fills its text also counts its fields as the server does.
  watchLimits();
}

/**
 * Fills `[data-testid=language-switcher]` with a labelled select of the page's languages. Choosing one keeps the
 * choice and reloads the page in it (the token stays, so it is the same person, and the state is loaded again).
 */
function mountLanguageSwitcher(): void {
  const host = document.querySelector<HTMLElement>('[data-testid="language-switcher"]');
  const languages = pageLanguages();
  if (!host || languages.length < 2) return;
  const select = el('select', { id: 'language', 'data-testid': 'language-select' },
    languages.map((code) => el('option', { value: code, lang: code }, languageNames[code] ?? code)));
  select.value = t.lang;
  select.addEventListener('change', () => {
    chooseLanguage(select.value);
    const url = new URL(location.href);
    url.searchParams.delete('lang');
    location.replace(url.pathname + url.search);
  });
  host.replaceChildren(el('label', { for: 'language', className: 'lang-label' }, t.languageLabel), select);
}

/** A fallback for crypto.randomUUID, which browsers only offer on https:// or localhost. */
export function randomId(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
