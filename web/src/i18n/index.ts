import { en, type Strings } from './en';
import { fr } from './fr';
import { nl } from './nl';

// English everywhere; Dutch and French on the pages a room uses (join, participant, projector, landing), which
// list them in `<body data-languages="en nl fr">`. The language follows the browser (`navigator.languages`)
// unless the person chose one with the switcher (kept in localStorage); `?lang=nl` in the address chooses too
// (handy for the projector, which nobody clicks). The facilitator and stakeholder pages are in English.

export const languageNames: Record<string, string> = { en: 'English', nl: 'Nederlands', fr: 'Français' };
const all: Record<string, Strings> = { en, nl, fr };
const CHOICE_KEY = 'shub.lang';

/** The languages this page offers (its body's `data-languages`), English always first. */
export function pageLanguages(): string[] {
  const listed = (document.body?.dataset['languages'] ?? 'en').split(/\s+/).filter((code) => code in all);
  return ['en', ...listed.filter((code) => code !== 'en')];
}

function storedChoice(): string | null {
  try {
    return localStorage.getItem(CHOICE_KEY);
  } catch {
    return null;
  }
}

/** Remembers a language choice for every page of this hub on this device. */
export function chooseLanguage(code: string): void {
  try {
    localStorage.setItem(CHOICE_KEY, code);
  } catch {
    // Without storage the choice lasts until the page reloads.
  }
}

function pick(): Strings {
  const offered = pageLanguages();
  const fromQuery = new URLSearchParams(location.search).get('lang');
  for (const candidate of [fromQuery, storedChoice()]) {
    if (candidate && offered.includes(candidate)) return all[candidate] ?? en;
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (offered.includes(base)) return all[base] ?? en;
  }
  return en;
}

export const t: Strings = pick();

/** The keys of `t` whose value is a plain string: the ones static HTML may name in `data-i18n`. */
export type TextKey = { [K in keyof Strings]: Strings[K] extends string ? K : never }[keyof Strings];

export function text(key: string): string | undefined {
  const value = (t as unknown as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}
