import type { KvNamespace } from "@telnyx-kv/client-browser";
import { confirmAction } from "./confirm";
import { h, replace } from "./dom";
import { guard } from "./errors";
import { kv } from "./kv";
import { defaultMode, type LoadedValue, loadValue, renderValueView, type ViewMode } from "./value-view";

/** What the value panel tells the rest of the page. */
export interface ValueEvents {
  /** A key was written (saved from the editor). */
  onSaved(key: string): void;
  /** A key was deleted. */
  onDeleted(key: string): void;
}

/** The value panel's handle. */
export interface ValuePanel {
  element: HTMLElement;
  /** Reads and shows a key. */
  show(ns: KvNamespace, key: string): Promise<void>;
  /** Opens the editor for a new key, its name starting with `prefix`. */
  create(ns: KvNamespace, prefix: string): void;
  /** Shows nothing (no namespace or no key chosen). */
  clear(): void;
}

/** View a value (text, JSON, hex), edit and save it with a content type and TTL, or delete it. */
export function valuePanel(events: ValueEvents): ValuePanel {
  const body = h("div", { class: "value-body" });
  const element = h(
    "section",
    { class: "panel value", testid: "value-panel" },
    h("header", {}, h("h2", {}, "Value")),
    body,
  );

  function clear(): void {
    replace(body, h("p", { class: "placeholder" }, "Pick a key to see its value."));
  }

  async function show(ns: KvNamespace, key: string): Promise<void> {
    replace(body, h("p", { class: "placeholder" }, `Loading ${key}…`));
    await guard(async () => {
      const value = await kv.namespace(ns.id).get(key);
      if (!value) {
        replace(
          body,
          h("p", { class: "placeholder", testid: "value-missing" }, `${key} does not exist (or expired).`),
        );
        return;
      }
      const loaded = loadValue(key, value.contentType, await value.bytes());
      view(ns, loaded, defaultMode(loaded));
    });
  }

  function view(ns: KvNamespace, value: LoadedValue, mode: ViewMode): void {
    const download = () => {
      const url = URL.createObjectURL(new Blob([value.bytes as BlobPart], { type: value.contentType }));
      const link = h("a", { href: url, download: value.key.split("/").pop() ?? "value" });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    };
    replace(
      body,
      h("h3", { class: "key-name", testid: "value-key" }, value.key),
      renderValueView(value, mode, (next) => view(ns, value, next)),
      h(
        "div",
        { class: "row" },
        h(
          "button",
          {
            testid: "value-edit",
            disabled: value.text === undefined,
            title: value.text === undefined ? "A binary value: upload a file to replace it" : undefined,
            onclick: () =>
              edit(ns, { key: value.key, contentType: value.contentType, text: value.text ?? "" }, false),
          },
          "Edit",
        ),
        h("button", { class: "ghost", testid: "value-download", onclick: download }, "Download"),
        h(
          "button",
          { class: "danger", testid: "value-delete", onclick: () => void remove(ns, value.key) },
          "Delete",
        ),
      ),
    );
  }

  function edit(
    ns: KvNamespace,
    start: { key: string; contentType: string; text: string },
    isNew: boolean,
  ): void {
    const key = h("input", { testid: "edit-key", value: start.key, readonly: !isNew, "aria-label": "Key" });
    const contentType = h("input", {
      testid: "edit-content-type",
      value: start.contentType,
      "aria-label": "Content type",
    });
    const ttl = h("input", {
      testid: "edit-ttl",
      type: "number",
      min: 1,
      placeholder: "no expiry",
      "aria-label": "TTL in seconds",
    });
    const text = h("textarea", {
      testid: "edit-value",
      rows: 14,
      spellcheck: "false",
      "aria-label": "Value",
    });
    text.value = start.text;
    const save = async () => {
      const seconds = ttl.value.trim() === "" ? undefined : Number(ttl.value);
      const saved = await guard(() =>
        kv.namespace(ns.id).put(key.value.trim(), text.value, {
          contentType: contentType.value.trim() || "text/plain; charset=utf-8",
          ...(seconds === undefined ? {} : { ttlSeconds: seconds }),
        }),
      );
      if (!saved) return;
      events.onSaved(key.value.trim());
      await show(ns, key.value.trim());
    };
    replace(
      body,
      h(
        "form",
        {
          class: "editor",
          testid: "editor",
          onsubmit: (event) => {
            event.preventDefault();
            void save();
          },
        },
        h("label", {}, "Key", key),
        h(
          "div",
          { class: "row" },
          h("label", { class: "grow" }, "Content type", contentType),
          h("label", {}, "TTL (seconds)", ttl),
        ),
        h("label", {}, "Value", text),
        h(
          "div",
          { class: "row" },
          h("button", { type: "submit", testid: "edit-save" }, "Save"),
          h(
            "button",
            {
              type: "button",
              class: "ghost",
              testid: "edit-cancel",
              onclick: () => (isNew ? clear() : void show(ns, start.key)),
            },
            "Cancel",
          ),
        ),
      ),
    );
    (isNew ? key : text).focus();
  }

  async function remove(ns: KvNamespace, key: string): Promise<void> {
    if (!(await confirmAction(`Delete key "${key}"?`))) return;
    const deleted = await guard(async () => {
      await kv.namespace(ns.id).delete(key);
      return true;
    });
    if (!deleted) return;
    clear();
    events.onDeleted(key);
  }

  clear();
  return {
    element,
    show,
    create: (ns, prefix) =>
      edit(ns, { key: prefix, contentType: "application/json", text: "{\n  \n}" }, true),
    clear,
  };
}
