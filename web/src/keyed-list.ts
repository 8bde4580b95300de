// One keyed list: a container's children kept equal to a list of items, one view per key. A view lives as long
// as its key stays in the list, so what is inside it (a half-typed answer, an open form, the focused button)
// survives every update; only nodes out of place are moved, and the focus stays where it was.

export interface KeyedListOptions<T, K, V> {
  /** The item's stable key (an id). */
  key(item: T): K;
  /** Makes the view of a key seen for the first time (its listeners too); `update` fills it right after. */
  create(item: T): V;
  /** Brings a view up to date with its item (called on every render, new or not). */
  update(view: V, item: T, index: number): void;
  /** The view's node in the container; without it the view is the node itself. */
  node?(view: V): Element;
  /** Shown alone while there are no items. */
  empty?: Element;
  /** A view left the list (its node is already gone). */
  removed?(key: K, view: V): void;
}

export class KeyedList<T, K, V = Element> {
  private readonly views = new Map<K, V>();

  constructor(
    readonly container: Element,
    private readonly options: KeyedListOptions<T, K, V>,
  ) {}

  /** Makes the container show exactly these items, in this order. */
  render(items: Iterable<T>): void {
    const { key, create, update, empty, removed } = this.options;
    const ordered: Element[] = [];
    const present = new Set<K>();
    let index = 0;
    for (const item of items) {
      const id = key(item);
      present.add(id);
      let view = this.views.get(id);
      if (view === undefined) {
        view = create(item);
        this.views.set(id, view);
      }
      update(view, item, index++);
      ordered.push(this.nodeOf(view));
    }
    for (const [id, view] of this.views) {
      if (present.has(id)) continue;
      this.nodeOf(view).remove();
      this.views.delete(id);
      removed?.(id, view);
    }
    keepFocus(this.container, () => syncOrder(this.container, ordered.length || !empty ? ordered : [empty]));
  }

  /** The view of a key on the list, if any. */
  get(key: K): V | undefined {
    return this.views.get(key);
  }

  private nodeOf(view: V): Element {
    return this.options.node ? this.options.node(view) : (view as unknown as Element);
  }
}

/** Makes parent's children exactly `nodes` in that order, moving only what is out of place. */
export function syncOrder(parent: Element, nodes: Element[]): void {
  let cursor: ChildNode | null = parent.firstChild;
  for (const node of nodes) {
    if (cursor === node) {
      cursor = cursor.nextSibling;
    } else {
      parent.insertBefore(node, cursor);
    }
  }
  while (cursor) {
    const nextNode: ChildNode | null = cursor.nextSibling;
    cursor.remove();
    cursor = nextNode;
  }
}

/**
 * Runs a reorder and puts the focus back if it was inside the container: moving a node that holds the focus
 * (insertBefore) makes the browser drop it, and a keyboard user would be thrown to the top of the page.
 */
export function keepFocus(container: Element, reorder: () => void): void {
  const focused = document.activeElement;
  const inside = focused instanceof HTMLElement && container.contains(focused) ? focused : null;
  reorder();
  if (inside && inside.isConnected && document.activeElement !== inside) inside.focus({ preventScroll: true });
}
