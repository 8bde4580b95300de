// Fitting text into the room screen's fixed boxes without cutting a line in half. Texts that have a line limit
// (`data-lines`, a max-height in CSS) are cut at a sentence or word end with a visible "…"; list entries marked
// `data-droppable` go, last first; and a box (`data-fit`) that still overflows shrinks its type (the CSS custom
// property --fit, a factor every font size inside multiplies, floored in CSS). Overflow is what the browser lays
// out (scroll sizes against client sizes), so it holds for every language and screen size.

const full = new WeakMap<HTMLElement, string>();
/** The text a cut left in an element, to tell it from a new text written since. */
const cuts = new WeakMap<HTMLElement, string>();
const SLACK = 1;
const STEPS = 7;

function overflows(node: HTMLElement): boolean {
  return node.scrollHeight > node.clientHeight + SLACK || node.scrollWidth > node.clientWidth + SLACK;
}

/**
 * Fits every `[data-fit]` box under root that is shown. Call after each render and on resize; texts set since the
 * last call are taken as the full text.
 */
export function fitAll(root: ParentNode = document): void {
  for (const box of root.querySelectorAll<HTMLElement>('[data-fit]')) {
    if (box.offsetParent !== null || box === document.body) fitBox(box);
  }
}

/**
 * Readable type first: at full size, cut the line-limited texts and drop list entries down to the box's
 * `data-keep` (1 unless said); only then shrink the type, and at last drop the rest.
 */
export function fitBox(box: HTMLElement): void {
  const lined = [...box.querySelectorAll<HTMLElement>('[data-lines]')];
  for (const node of lined) restore(node);
  for (const node of box.querySelectorAll<HTMLElement>('[data-dropped]')) {
    node.hidden = false;
    delete node.dataset['dropped'];
  }
  box.style.setProperty('--fit', '1');
  cutAll(lined);
  const droppable = [...box.querySelectorAll<HTMLElement>('[data-droppable]')].filter((node) => !node.hidden);
  const keep = Number(box.dataset['keep'] ?? '1');
  dropWhileOverflowing(box, droppable, keep);
  if (!overflows(box)) return;
  for (const node of lined) restore(node);
  shrink(box);
  cutAll(lined);
  dropWhileOverflowing(box, droppable, 0);
}

function cutAll(lined: HTMLElement[]): void {
  for (const node of lined) if (node.offsetParent !== null) cut(node);
}

function dropWhileOverflowing(box: HTMLElement, droppable: HTMLElement[], keep: number): void {
  while (overflows(box) && droppable.length > keep) {
    const last = droppable.pop() as HTMLElement;
    last.hidden = true;
    last.dataset['dropped'] = 'true';
  }
}

/** The largest factor in [0, 1] (by halving) at which the box does not overflow; CSS keeps type above its floor. */
function shrink(box: HTMLElement): void {
  box.style.setProperty('--fit', '1');
  if (!overflows(box)) return;
  let low = 0;
  let high = 1;
  for (let step = 0; step < STEPS; step++) {
    const mid = (low + high) / 2;
    box.style.setProperty('--fit', mid.toFixed(3));
    if (overflows(box)) high = mid;
    else low = mid;
  }
  box.style.setProperty('--fit', low.toFixed(3));
}

/** Puts back the full text of a cut element, or takes what a render wrote since as the full text. */
function restore(node: HTMLElement): void {
  const shown = node.textContent ?? '';
  if (cuts.get(node) === shown) node.textContent = full.get(node) ?? shown;
  else full.set(node, shown);
  cuts.delete(node);
  node.removeAttribute('title');
}

/**
 * Cuts an element's text to the longest prefix that fits its line limit: at a sentence end when one leaves at
 * least half the text, else at a word end, always with "…".
 */
function cut(node: HTMLElement): void {
  if (!overflows(node)) return;
  const text = full.get(node) ?? node.textContent ?? '';
  const words = ends(text, /\s+/g);
  const sentences = ends(text, /[.!?]\s+/g, 1);
  const fitsAt = (end: number) => {
    node.textContent = shorten(text, end);
    return !overflows(node);
  };
  const best = longest(words, fitsAt);
  const sentence = longest(sentences.filter((end) => end <= best), fitsAt);
  node.textContent = shorten(text, sentence >= best / 2 ? sentence : best);
  cuts.set(node, node.textContent);
  node.setAttribute('title', text);
}

function shorten(text: string, end: number): string {
  return `${text.slice(0, end).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** Where a prefix may end: before each match of the separator (plus `keep` characters of it). */
function ends(text: string, separator: RegExp, keep = 0): number[] {
  const found: number[] = [];
  for (const match of text.matchAll(separator)) found.push((match.index ?? 0) + keep);
  return found;
}

/** The largest end for which fits holds, by binary search (a longer prefix never fits where a shorter does not). */
function longest(candidates: number[], fits: (end: number) => boolean): number {
  let low = -1;
  let high = candidates.length;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (fits(candidates[mid] as number)) low = mid;
    else high = mid;
  }
  return low >= 0 ? (candidates[low] as number) : 0;
}
