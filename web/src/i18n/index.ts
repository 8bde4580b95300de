import { en, type Strings } from './en';

// One language for now. A later issue adds nl/fr: import them here and pick by
// `navigator.languages` (or a stored choice); every caller already goes through `t`.
const languages: Record<string, Strings> = { en };

function pick(): Strings {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    const found = languages[base];
    if (found) return found;
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
