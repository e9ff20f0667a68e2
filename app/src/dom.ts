/** A small helper for building DOM: h("button", { type: "button", onclick }, "Stake"). */
type Child = Node | string | number | false | null | undefined | Child[];
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (key === "dataset" && typeof value === "object") {
      Object.assign(el.dataset, value);
    } else if (key in el && typeof value !== "string") {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let nextId = 0;
/** A unique id for label/for and aria-describedby pairs. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A labelled input: returns the wrapper and the input. */
export function field(label: string, attrs: Attrs = {}, hint?: string): { row: HTMLDivElement; input: HTMLInputElement } {
  const id = uid("f");
  const hintId = hint ? `${id}-hint` : undefined;
  const input = h("input", { id, "aria-describedby": hintId, ...attrs });
  const row = h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    input,
    hint ? h("p", { id: hintId, class: "hint" }, hint) : null,
  );
  return { row, input };
}

/** A definition list from [term, value] pairs. */
export function facts(pairs: Array<[string, Child]>): HTMLDListElement {
  return h(
    "dl",
    { class: "facts" },
    pairs.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
  );
}

export function section(title: string, ...children: Child[]): HTMLElement {
  const id = uid("s");
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

/** A date from seconds since the epoch, in the user's locale, with the ISO form as its title. */
export function when(seconds: bigint | number): HTMLTimeElement {
  const d = new Date(Number(seconds) * 1000);
  return h("time", { datetime: d.toISOString(), title: d.toISOString() }, d.toLocaleString());
}

export function short(hex: string, keep = 10): string {
  return hex.length > keep + 6 ? `${hex.slice(0, keep)}…${hex.slice(-4)}` : hex;
}
