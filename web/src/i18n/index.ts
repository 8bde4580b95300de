import type { Strings } from './en';
import * as languages from './languages';

// Every page speaks every language of ./languages.ts. The language follows the browser (`navigator.languages`)
// unless the person chose one with the switcher (kept in localStorage for every page of the hub); `?lang=nl` in
// the address chooses too (handy for the projector, which nobody clicks).

const all: Record<string, Strings> = { ...languages };
const en = languages.en;

/** Each language's name in itself, for the switcher. */
export const languageNames: Record<string, string> = Object.fromEntries(Object.values(all).map((strings) => [strings.lang, strings.languageName]));

const CHOICE_KEY = 'shub.lang';

/** The languages the pages offer, English first (a module's exports come in alphabetical order). */
export function pageLanguages(): string[] {
  return ['en', ...Object.keys(all).filter((code) => code !== 'en')];
}

function storedChoice(): string | null {
  try {
    return localStorage.getItem(CHOICE_KEY);
  } catch {
    return null;
  }
}

/**
 * Remembers a language choice for every page of this hub on this device: in localStorage for these pages, and in a
 * cookie for the badge pages, which the server renders (it reads `shub.lang`).
 */
export function chooseLanguage(code: string): void {
  try {
    localStorage.setItem(CHOICE_KEY, code);
  } catch {
    // Without storage the choice lasts until the page reloads.
  }
  document.cookie = `${CHOICE_KEY}=${encodeURIComponent(code)}; path=/; max-age=31536000; samesite=lax`;
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
  // `mySession.heading` reads a nested block's string.
  let value: unknown = t;
  for (const part of key.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return typeof value === 'string' ? value : undefined;
}
