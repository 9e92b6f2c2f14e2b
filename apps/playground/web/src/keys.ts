import type { KvKeyInfo, KvNamespace } from "@telnyx-kv/client-browser";
import { KV_MAX_LIST_LIMIT } from "@telnyx-kv/core/protocol";
import { h, replace } from "./dom";
import { guard } from "./errors";
import { formatBytes, formatTime, keyFromFileName } from "./format";
import { kv } from "./kv";

/** What the keys panel tells the rest of the page. */
export interface KeysEvents {
  /** A key was chosen. */
  onSelect(key: string): void;
  /** "New key" was pressed: open an empty editor (with the prefix filled in). */
  onNew(prefix: string): void;
}

/** The keys panel's handle: show a namespace, and refresh after a change elsewhere. */
export interface KeysPanel {
  element: HTMLElement;
  show(ns: KvNamespace | undefined): void;
  /** Lists again from the first page, keeping the prefix; `keep` keeps as many rows as were shown. */
  refresh(selectedKey?: string, keep?: boolean): Promise<void>;
}

/** Keys per page unless `?pageSize=` or the page-size input says otherwise. */
const DEFAULT_PAGE_SIZE = 50;

/** Page size from `?pageSize=` in the page URL, so a demo (or a test) can make "load more" appear sooner. */
function initialPageSize(): number {
  const size = Number(new URLSearchParams(location.search).get("pageSize"));
  return Number.isInteger(size) && size >= 1 && size <= KV_MAX_LIST_LIMIT ? size : DEFAULT_PAGE_SIZE;
}

/** Browse keys with a prefix filter and cursor paging; upload a file as a key. */
export function keysPanel(events: KeysEvents): KeysPanel {
  let ns: KvNamespace | undefined;
  let cursor: string | undefined;
  let shown: KvKeyInfo[] = [];
  let selected: string | undefined;

  const title = h("h2", { testid: "keys-title" }, "Keys");
  const prefix = h("input", {
    testid: "prefix-input",
    placeholder: "prefix, e.g. user/",
    "aria-label": "Prefix",
  });
  const pageSize = h("input", {
    testid: "page-size-input",
    type: "number",
    min: 1,
    max: KV_MAX_LIST_LIMIT,
    value: initialPageSize(),
    "aria-label": "Page size",
    title: "Keys per page",
  });
  const upload = h("input", {
    type: "file",
    testid: "upload-input",
    hidden: true,
    onchange: () => void uploadFile(),
  });
  const rows = h("tbody", { testid: "key-rows" });
  const status = h("span", { class: "muted", testid: "keys-count" });
  const more = h(
    "button",
    { testid: "load-more", hidden: true, onclick: () => void loadPage() },
    "Load more",
  );
  const body = h("div", { class: "keys-body", hidden: true });
  const empty = h("p", { class: "placeholder" }, "Pick a ready namespace to browse its keys.");

  function renderRows(): void {
    if (shown.length === 0) {
      replace(rows, h("tr", {}, h("td", { colspan: 3, class: "empty" }, "No keys match this prefix.")));
    } else replace(rows, ...shown.map(row));
    status.textContent = `${shown.length} key${shown.length === 1 ? "" : "s"} shown${cursor ? ", more available" : ""}`;
    more.hidden = cursor === undefined;
  }

  function row(info: KvKeyInfo): HTMLElement {
    const choose = () => {
      selected = info.key;
      renderRows();
      events.onSelect(info.key);
    };
    return h(
      "tr",
      {
        testid: "key-row",
        "data-key": info.key,
        class: info.key === selected ? "selected" : undefined,
        // Rows are the way to open a key, so they take focus and Enter too, not only clicks.
        tabindex: 0,
        onclick: choose,
        onkeydown: (event) => {
          if ((event as KeyboardEvent).key === "Enter") choose();
        },
      },
      h("td", { class: "key" }, info.key),
      h("td", { class: "num" }, formatBytes(info.sizeBytes)),
      h("td", { class: "time", title: info.updatedAt }, formatTime(info.updatedAt)),
    );
  }

  /** Fetches one page (the first when `cursor` is unset) and appends it; `atLeast` widens that page. */
  async function loadPage(atLeast = 0): Promise<void> {
    const current = ns;
    if (!current) return;
    await guard(async () => {
      const limit = Math.min(
        KV_MAX_LIST_LIMIT,
        Math.max(Number(pageSize.value) || DEFAULT_PAGE_SIZE, atLeast),
      );
      const page = await kv
        .namespace(current.id)
        .list({ prefix: prefix.value.trim(), limit, ...(cursor ? { cursor } : {}) })
        .page();
      if (current !== ns) return;
      shown = [...shown, ...page.keys];
      cursor = page.hasMore ? page.cursor : undefined;
      renderRows();
    });
  }

  /** Lists from the start; `keep` re-reads as many keys as were shown, so "load more" pages stay open. */
  async function refresh(selectedKey?: string, keep = false): Promise<void> {
    if (selectedKey !== undefined) selected = selectedKey;
    const count = keep ? shown.length : 0;
    shown = [];
    cursor = undefined;
    await loadPage(count);
  }

  async function uploadFile(): Promise<void> {
    const file = upload.files?.[0];
    upload.value = "";
    if (!file || !ns) return;
    const current = ns;
    const key = await guard(async () => {
      const target = keyFromFileName(prefix.value.trim(), file.name);
      await kv
        .namespace(current.id)
        .put(target, file, { contentType: file.type || "application/octet-stream" });
      return target;
    });
    if (key === undefined) return;
    await refresh(key, true);
    events.onSelect(key);
  }

  const element = h(
    "section",
    { class: "panel keys", testid: "keys-panel" },
    h("header", {}, title),
    empty,
    body,
  );
  body.append(
    h(
      "form",
      {
        class: "row",
        onsubmit: (event) => {
          event.preventDefault();
          void refresh();
        },
      },
      prefix,
      pageSize,
      h("button", { type: "submit", testid: "browse-button" }, "Browse"),
    ),
    h(
      "div",
      { class: "row" },
      h(
        "button",
        { class: "ghost", testid: "new-key", onclick: () => events.onNew(prefix.value.trim()) },
        "New key",
      ),
      h("button", { class: "ghost", testid: "upload-button", onclick: () => upload.click() }, "Upload file"),
      upload,
    ),
    h(
      "table",
      { class: "key-table" },
      h(
        "thead",
        {},
        h("tr", {}, h("th", {}, "Key"), h("th", { class: "num" }, "Size"), h("th", {}, "Updated")),
      ),
      rows,
    ),
    h("div", { class: "row footer" }, status, more),
  );

  return {
    element,
    show(next) {
      ns = next;
      selected = undefined;
      title.textContent = next ? `Keys in ${next.name}` : "Keys";
      empty.hidden = next !== undefined;
      body.hidden = next === undefined;
      if (next) void refresh();
    },
    refresh,
  };
}
