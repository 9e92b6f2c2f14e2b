import { KvHttpError, type KvNamespace } from "@telnyx-kv/client-browser";
import { namespaceNameProblem } from "@telnyx-kv/core/protocol";
import { confirmAction } from "./confirm";
import { h, replace } from "./dom";
import { guard } from "./errors";
import { formatTime } from "./format";
import { kv } from "./kv";

const POLL_MS = 500;
const TRANSITIONAL = new Set(["pending", "deleting"]);

/** What the namespaces panel tells the rest of the page. */
export interface NamespacesEvents {
  /** A ready namespace was chosen (or the chosen one went away: `undefined`). */
  onSelect(ns: KvNamespace | undefined): void;
}

/** The namespaces panel: list with status badges, create (watching it turn ready), delete with confirmation. */
export function namespacesPanel(events: NamespacesEvents): HTMLElement {
  let items: KvNamespace[] = [];
  let selected: string | undefined;
  let polling: ReturnType<typeof setTimeout> | undefined;

  const list = h("ul", { class: "ns-list", testid: "ns-list" });
  const name = h("input", {
    testid: "ns-name-input",
    placeholder: "new-namespace",
    title: "lowercase letters, digits and hyphens",
    "aria-label": "Namespace name",
    // Core's own rule rather than a `pattern` copy (browsers compile `pattern` with the v flag, where an
    // unescaped `-` in a class is an error and the whole attribute is ignored).
    oninput: () => name.setCustomValidity(nameProblem(name.value)),
  });
  const form = h(
    "form",
    {
      class: "row",
      onsubmit: (event) => {
        event.preventDefault();
        void create();
      },
    },
    name,
    h("button", { type: "submit", testid: "ns-create-button" }, "Create"),
  );

  function render(): void {
    if (items.length === 0) {
      replace(list, h("li", { class: "empty" }, "No namespaces yet: create one above."));
      return;
    }
    replace(list, ...items.map(item));
  }

  function item(ns: KvNamespace): HTMLElement {
    const ready = ns.status === "provision_ok";
    return h(
      "li",
      {
        class: `ns-item${ns.id === selected ? " selected" : ""}${ready ? "" : " inactive"}`,
        testid: "ns-item",
        "data-ns-name": ns.name,
        "data-status": ns.status,
        tabindex: ready ? 0 : undefined,
        onclick: () => ready && select(ns),
        onkeydown: (event) => {
          if (ready && (event as KeyboardEvent).key === "Enter") select(ns);
        },
      },
      h(
        "div",
        { class: "ns-main" },
        h("span", { class: "ns-name" }, ns.name),
        h("span", { class: `badge status-${ns.status}`, testid: "ns-status" }, ns.status),
      ),
      h(
        "div",
        { class: "ns-meta" },
        h("code", {}, ns.id.slice(0, 8)),
        ` · created ${formatTime(ns.createdAt)}`,
      ),
      ns.status !== "deleting" &&
        h(
          "button",
          {
            class: "icon danger-text",
            testid: "ns-delete",
            title: `Delete ${ns.name}`,
            onclick: (event) => {
              event.stopPropagation();
              void remove(ns);
            },
          },
          "Delete",
        ),
    );
  }

  function select(ns: KvNamespace | undefined): void {
    selected = ns?.id;
    render();
    events.onSelect(ns);
  }

  async function reload(): Promise<void> {
    await guard(async () => {
      const all: KvNamespace[] = [];
      for await (const ns of kv.namespaces.list()) all.push(ns);
      items = all;
      render();
      schedulePoll();
    });
  }

  /** Why the typed name cannot be created, or "" (empty is allowed here: submitting it only focuses). */
  function nameProblem(value: string): string {
    const trimmed = value.trim();
    return trimmed === "" ? "" : (namespaceNameProblem(trimmed) ?? "");
  }

  async function create(): Promise<void> {
    const value = name.value.trim();
    if (!value) return name.focus();
    name.setCustomValidity(nameProblem(value));
    if (!name.reportValidity()) return;
    await guard(async () => {
      const ns = await kv.namespaces.create(value);
      name.value = "";
      items = [...items.filter((i) => i.id !== ns.id), ns];
      render();
      schedulePoll();
    });
  }

  async function remove(ns: KvNamespace): Promise<void> {
    if (!(await confirmAction(`Delete namespace "${ns.name}" and every key in it? This cannot be undone.`)))
      return;
    await guard(async () => {
      const deleting = await kv.namespaces.delete(ns.id);
      update(deleting);
      if (ns.id === selected) select(undefined);
      schedulePoll();
    });
  }

  function update(ns: KvNamespace): void {
    items = items.map((i) => (i.id === ns.id ? ns : i));
    render();
  }

  // Provisioning and deleting are asynchronous on the API: poll the namespaces in between until they settle.
  function schedulePoll(): void {
    if (polling || !items.some((i) => TRANSITIONAL.has(i.status))) return;
    polling = setTimeout(async () => {
      polling = undefined;
      for (const ns of items.filter((i) => TRANSITIONAL.has(i.status))) {
        try {
          update(await kv.namespaces.get(ns.id));
        } catch (error) {
          // A deleted namespace answers 404: it is gone from the list.
          if (KvHttpError.isInstance(error) && error.status === 404) {
            items = items.filter((i) => i.id !== ns.id);
            render();
          } else await guard(() => Promise.reject(error));
        }
      }
      schedulePoll();
    }, POLL_MS);
  }

  void reload();
  return h(
    "section",
    { class: "panel namespaces", testid: "namespaces-panel" },
    h(
      "header",
      {},
      h("h2", {}, "Namespaces"),
      h("button", { class: "ghost", testid: "ns-refresh", onclick: () => void reload() }, "Refresh"),
    ),
    form,
    list,
  );
}
