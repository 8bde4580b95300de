// A server refusal in the page's language. The server sends its English sentence and, beside it, the sentence's
// template with numbered holes and the values that filled them (docs/protocol.md "Errors"); the template is the
// key of the language file's `refusals`, each value goes through its `refusalWords` (a field's label, a role, an
// action). A template the file does not know falls back to the English sentence, so a new refusal is never lost,
// only untranslated (and RefusalCatalogueTests finds it).

import { formatList, formatNumber } from './format';
import { t } from './i18n';

export interface RefusalDetail {
  template: string;
  args: string[];
}

/** Reads the `{"template":…,"args":[…]}` part of a refusal; undefined if it is not one. */
export function refusalDetail(value: unknown): RefusalDetail | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { template, args } = value as Record<string, unknown>;
  if (typeof template !== 'string' || !Array.isArray(args) || !args.every((a) => typeof a === 'string')) return undefined;
  return { template, args: args as string[] };
}

function word(value: string): string {
  if (/^-?\d+$/.test(value)) return formatNumber(Number(value));
  const known = t.refusalWords[value];
  if (known !== undefined) return known;
  // A list the server joined ("checking in, writing your reflection"): translated when every part is known.
  const parts = value.split(', ');
  if (parts.length > 1 && parts.every((part) => t.refusalWords[part] !== undefined)) {
    return formatList(parts.map((part) => t.refusalWords[part] ?? part));
  }
  return value;
}

/** The refusal in the page's language, or `english` when this language has no entry for its template. */
export function translateRefusal(detail: RefusalDetail | undefined, english: string): string {
  const template = detail ? t.refusals[detail.template] : undefined;
  if (!detail || template === undefined) return english;
  const text = template.replace(/\{(\d+)\}/g, (_, n: string) => word(detail.args[Number(n)] ?? ''));
  // Labels carry their article ("de naam"), so a sentence may start with one.
  return text.charAt(0).toLocaleUpperCase(t.lang) + text.slice(1);
}
