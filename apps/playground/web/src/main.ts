import "./base.css";
import "./panels.css";
import "./telemetry.css";
import type { KvNamespace } from "@telnyx-kv/client-browser";
import { h, replace } from "./dom";
import { errorBanner, showError } from "./errors";
import { keysPanel } from "./keys";
import { namespacesPanel } from "./namespaces";
import { telemetryPanel } from "./telemetry";
import { valuePanel } from "./value-panel";

/** What the server says about where KV requests go (never the key). */
interface BackendInfo {
  mode: "emulator" | "telnyx";
  target: string;
  dataDir: string | null;
}

async function backendInfo(): Promise<BackendInfo | undefined> {
  try {
    const response = await fetch("/api/info", { cache: "no-store" });
    return response.ok ? ((await response.json()) as BackendInfo) : undefined;
  } catch {
    return undefined;
  }
}

function header(info: BackendInfo | undefined): HTMLElement {
  const badge =
    info?.mode === "telnyx"
      ? h("span", { class: "mode mode-real", testid: "mode-badge" }, "REAL Telnyx API")
      : h(
          "span",
          { class: "mode mode-local", testid: "mode-badge" },
          info ? "Local emulator" : "Backend unknown",
        );
  return h(
    "header",
    { class: "top" },
    h("h1", {}, "Telnyx KV ", h("span", { class: "thin" }, "playground")),
    badge,
    h(
      "span",
      { class: "muted target", testid: "mode-target" },
      info ? `${info.target}${info.dataDir ? ` · ${info.dataDir}` : ""}` : "",
    ),
  );
}

async function start(root: HTMLElement): Promise<void> {
  const info = await backendInfo();
  let current: KvNamespace | undefined;
  const telemetry = telemetryPanel();
  const values = valuePanel({
    // Keep the rows already loaded: a save or delete should not fold "load more" pages away.
    onSaved: (key) => void keys.refresh(key, true),
    onDeleted: () => void keys.refresh(undefined, true),
  });
  const keys = keysPanel({
    onSelect: (key) => {
      telemetry.setKey(key);
      if (current) void values.show(current, key);
    },
    onNew: (prefix) => current && values.create(current, prefix),
  });
  const namespaces = namespacesPanel({
    onSelect: (ns) => {
      current = ns;
      telemetry.setNamespace(ns);
      keys.show(ns);
      values.clear();
    },
  });
  replace(
    root,
    header(info),
    info?.mode === "telnyx" &&
      h(
        "div",
        { class: "warning", testid: "real-api-warning" },
        "TELNYX_API_KEY is set on the server: every change here is made to your real Telnyx account.",
      ),
    errorBanner(),
    h("main", { class: "grid" }, namespaces, keys.element, values.element),
    telemetry.element,
    h(
      "footer",
      {},
      "Browser → same-origin proxy at /kv (the server adds the key) → ",
      info?.mode === "telnyx" ? "Telnyx API" : "local emulator",
    ),
  );
}

// Anything that escapes a handler still ends in the banner, never in a blank or frozen page.
window.addEventListener("error", (event) => showError(event.error ?? event.message));
window.addEventListener("unhandledrejection", (event) => showError(event.reason));

const root = document.getElementById("app")!;
start(root).catch((error: unknown) => {
  replace(root, errorBanner());
  showError(error);
});
