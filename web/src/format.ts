// Times, dates, numbers, lists and country names in the page's language, through Intl. English is British English
// here: the room is European, so times are 24-hour in every language (14:09, not 02:09 PM).

import { t } from './i18n';

const locale = t.lang === 'en' ? 'en-GB' : t.lang;

const times = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long' });
const numbers = new Intl.NumberFormat(locale);
const lists = new Intl.ListFormat(locale, { type: 'conjunction' });
const regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });

function parsed(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Hours and minutes on the reader's clock, 24-hour ("14:09"); empty for a time that cannot be read. */
export function formatTime(iso: string): string {
  const date = parsed(iso);
  return date ? times.format(date) : '';
}

/** A date as the language writes it ("1 december 2026"); empty for one that cannot be read. */
export function formatDate(iso: string): string {
  const date = parsed(iso);
  return date ? dates.format(date) : '';
}

export function formatNumber(value: number): string {
  return numbers.format(value);
}

/** "a, b and c" in the page's language. */
export function formatList(items: readonly string[]): string {
  return lists.format(items);
}

/** A country's name in the page's language, from its ISO code ("BE" → "België"). */
export function countryName(code: string): string {
  return code ? regions.of(code) ?? code : '';
}

/**
 * A person's name as the page shows it: the server sends an empty name while the content filter holds it
 * (docs/protocol.md "The content filter"), shown as a neutral placeholder.
 */
export function shownName(name: string | null | undefined): string {
  return name ? name : t.participantPlaceholder;
}
