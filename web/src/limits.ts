// Text limits counted as the server counts them: user-perceived characters (Intl.Segmenter graphemes, the same
// text elements as .NET's StringInfo), of the trimmed text, with the server's byte cap beside it. A field says its
// limit with `data-max-chars`; nothing cuts what people type (no `maxlength`, which counts UTF-16 units and cut a
// flag to a quarter of its limit): near the limit a counter appears, past it the field is marked invalid and says
// by how much, and the server refuses it with the field named if it is sent anyway.

import { el, setAttr, setText } from './dom';
import { t } from './i18n';

/** As Check.BytesPerCharacter on the server. */
const BYTES_PER_CHARACTER = 40;
/** The counter shows from this share of the limit (a field with a counter of its own shows it always). */
const NEAR = 0.8;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const utf8 = new TextEncoder();

/** How many characters a person sees in the text, as the server counts them (after trimming). */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text.trim())) count++;
  return count;
}

/** Whether the server would refuse the text as too long (characters, or bytes out of all proportion). */
export function tooLong(text: string, max: number): boolean {
  return characterCount(text) > max || utf8.encode(text.trim()).length > max * BYTES_PER_CHARACTER;
}

type Field = HTMLInputElement | HTMLTextAreaElement;

/** The field's counter: the element its `data-counter` names, or one made after it and added to its description. */
function counterOf(field: Field): HTMLElement {
  const named = field.dataset['counter'] ? document.getElementById(field.dataset['counter']) : null;
  if (named) return named;
  const id = `${field.id || field.name || 'field'}-count`;
  const testId = field.dataset['testid'] ? `${field.dataset['testid']}-count` : id;
  const counter = el('span', { id, className: 'char-count', 'data-testid': testId, hidden: true });
  field.after(counter);
  field.dataset['counter'] = id;
  setAttr(field, 'aria-describedby', [field.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  return counter;
}

/** Brings a limited field's counter and validity up to date with what it holds. */
export function checkLimit(field: Field): void {
  const max = Number(field.dataset['maxChars']);
  if (!max) return;
  const count = characterCount(field.value);
  const over = tooLong(field.value, max);
  const alwaysShown = !!field.dataset['counter'] && document.getElementById(field.dataset['counter'])?.dataset['always'] === 'true';
  const counter = counterOf(field);
  // Far from the limit the counter is hidden and empty: the field's description (aria-describedby) says nothing.
  const shown = alwaysShown || over || count >= max * NEAR;
  setText(counter, !shown ? '' : over ? t.charsOver(Math.max(1, count - max)) : t.charsLeft(max - count));
  counter.hidden = !shown;
  setAttr(counter, 'data-over', over ? 'true' : null);
  // Marked invalid while too long; unmarked only if it was this that marked it (a form may have its own reasons).
  if (over) {
    field.dataset['invalidBy'] = 'limit';
    setAttr(field, 'aria-invalid', 'true');
  } else if (field.dataset['invalidBy'] === 'limit') {
    delete field.dataset['invalidBy'];
    setAttr(field, 'aria-invalid', null);
  }
}

/** Keeps every limited field of the page (those made later too) counted as people type. */
export function watchLimits(): void {
  document.addEventListener('input', (event) => {
    const field = event.target;
    if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && field.dataset['maxChars']) checkLimit(field);
  });
  for (const field of document.querySelectorAll<Field>('[data-max-chars]')) checkLimit(field);
}
