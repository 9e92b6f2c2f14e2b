/** What `h` accepts as a child: nodes, text, and nothing (skipped, so conditions read naturally). */
export type Child = Node | string | number | null | undefined | false;

/** Attributes and listeners of `h`: `onclick` style keys add listeners, `testid` sets `data-testid`. */
export type Props = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/**
 * A tiny element builder: the UI is small enough that a framework would cost more than it saves, and
 * building nodes (never HTML strings) means a key or value can never inject markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "testid") el.dataset.testid = String(value);
    else if (name === "value") (el as HTMLInputElement).value = String(value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, ...children);
  return el;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
