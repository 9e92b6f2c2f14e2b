import type { KvNamespace } from "@telnyx-kv/client-browser";
import { h, replace } from "./dom";
import { guard } from "./errors";

/** How often the panel asks the server for the log, ms: live enough to watch, cheap (no KV request). */
const POLL_MS = 1000;

/** One HTTP attempt, as `/api/telemetry` lists it (server/telemetry.ts). */
interface Attempt {
  at: number;
  source: "proxy" | "client";
  operation: string;
  method: string;
  key?: string;
  status: number;
  ms: number;
}

/** Cache counts, as `/api/telemetry` sums them (server/cache-demo.ts). */
interface CacheCounts {
  hits: number;
  misses: number;
  stale: number;
  hitRate: number;
  tiers: Record<"memory" | "kv", { hits: number; misses: number; stale: number }>;
}

/** What `/api/telemetry` answers. */
interface Telemetry {
  attempts: Attempt[];
  minute: { used: number; limit: number; resetMs?: number; from: "headers" | "counted" };
  cache: CacheCounts;
}

/** What `/api/cache` answers for one read. */
interface CacheRead {
  key: string;
  found: boolean;
  tier: "memory" | "kv";
  bytes?: number;
}

/** The panel's handle: follow the chosen namespace and key, for the cache read. */
export interface TelemetryPanel {
  element: HTMLElement;
  /** The namespace the cache reads from (`undefined`: none chosen yet). */
  setNamespace(ns: KvNamespace | undefined): void;
  /** Puts a key in the cache form (the one chosen in the keys panel). */
  setKey(key: string): void;
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const clock = (at: number) => new Date(at).toTimeString().slice(0, 8);

/**
 * The live view of what the clients do: the last 50 HTTP attempts (the page's, forwarded by the proxy, and
 * the server's client-node calls from the `telnyx-kv:request` channel), the requests of the current minute
 * against the account's budget, and the hit rate of a cache-adapter cache the server reads through.
 */
export function telemetryPanel(): TelemetryPanel {
  let ns: KvNamespace | undefined;

  const budgetText = h("span", { testid: "budget-text" });
  const budgetBar = h("div", { class: "meter-fill", testid: "budget-bar" });
  const budgetNote = h("span", { class: "muted", testid: "budget-note" });
  const hitRate = h("strong", { class: "big", testid: "cache-hit-rate" }, "0%");
  const cacheCounts = h("span", { class: "muted", testid: "cache-counts" });
  const cacheResult = h("span", { class: "muted", testid: "cache-result" });
  const key = h("input", {
    testid: "cache-key-input",
    placeholder: "key to read",
    "aria-label": "Cache key",
  });
  const readButton = h("button", { type: "submit", testid: "cache-read-button", disabled: true }, "Read");
  const rows = h("tbody", { testid: "request-log" });

  const form = h(
    "form",
    {
      class: "row",
      onsubmit: (event) => {
        event.preventDefault();
        void readThroughCache();
      },
    },
    key,
    readButton,
  );

  function render(data: Telemetry): void {
    const { used, limit, resetMs, from } = data.minute;
    budgetText.textContent = `${used.toLocaleString("en")} / ${limit.toLocaleString("en")} requests this minute`;
    budgetBar.style.width = `${Math.min(100, (used / limit) * 100)}%`;
    budgetBar.classList.toggle("high", used / limit > 0.8);
    budgetNote.textContent =
      from === "headers"
        ? `from the API's x-ratelimit-* headers${resetMs === undefined ? "" : `, resets in ${Math.ceil(resetMs / 1000)} s`}`
        : "counted here over the last 60 s (the API sent no x-ratelimit-* headers)";
    const { cache } = data;
    hitRate.textContent = percent(cache.hitRate);
    const { memory, kv } = cache.tiers;
    cacheCounts.textContent = `${count(cache.hits, "hit")} · ${count(cache.misses, "miss", "misses")} · ${cache.stale} stale — memory tier ${memory.hits} of ${memory.hits + memory.misses} lookups, Telnyx KV ${kv.hits} of ${kv.hits + kv.misses}`;
    if (data.attempts.length === 0) {
      replace(rows, h("tr", {}, h("td", { colspan: 6, class: "empty" }, "No requests yet.")));
      return;
    }
    replace(rows, ...data.attempts.map(row));
  }

  function row(attempt: Attempt): HTMLElement {
    const failed = attempt.status === 0 || attempt.status >= 400;
    return h(
      "tr",
      { testid: "request-row", "data-source": attempt.source, "data-status": attempt.status },
      h("td", { class: "muted" }, clock(attempt.at)),
      h(
        "td",
        {},
        h("span", { class: `badge via-${attempt.source}` }, attempt.source === "proxy" ? "page" : "server"),
      ),
      h("td", {}, h("code", {}, attempt.operation)),
      h("td", { class: "log-key" }, attempt.key ?? ""),
      h("td", { class: failed ? "danger-text" : "" }, attempt.status === 0 ? "no answer" : attempt.status),
      h("td", { class: "num" }, `${attempt.ms} ms`),
    );
  }

  async function refresh(): Promise<void> {
    try {
      const response = await fetch("/api/telemetry", { cache: "no-store" });
      if (response.ok) render((await response.json()) as Telemetry);
    } catch {
      // The server is restarting or gone: the next poll tries again; the banner is for the user's actions.
    }
  }

  async function readThroughCache(): Promise<void> {
    const value = key.value.trim();
    if (!ns || !value) return key.focus();
    await guard(async () => {
      const query = new URLSearchParams({ namespace: ns!.id, key: value });
      const response = await fetch(`/api/cache?${query}`, { cache: "no-store" });
      const body = (await response.json()) as CacheRead | { error: string };
      if ("error" in body) throw new Error(body.error);
      cacheResult.textContent = `${body.key}: ${body.found ? `${body.bytes} B` : "missing"}, from ${body.tier === "memory" ? "the memory tier (no request)" : "Telnyx KV"}`;
      await refresh();
    });
  }

  // A plain interval: the panel lives as long as the page.
  setInterval(() => void refresh(), POLL_MS);
  void refresh();

  const element = h(
    "section",
    { class: "panel telemetry", testid: "telemetry-panel" },
    h("header", {}, h("h2", {}, "Requests & cache"), h("span", { class: "muted" }, "live, last 50 attempts")),
    h(
      "div",
      { class: "telemetry-top" },
      h(
        "div",
        { class: "budget", testid: "budget" },
        h("h3", {}, "Account budget"),
        budgetText,
        h("div", { class: "meter" }, budgetBar),
        budgetNote,
      ),
      h(
        "div",
        { class: "cache", testid: "cache" },
        h("h3", {}, "Cache hit rate ", hitRate),
        cacheCounts,
        h("p", { class: "muted" }, "Read a key through the server's cache (memory tier, then Telnyx KV):"),
        form,
        cacheResult,
      ),
    ),
    h(
      "table",
      { class: "log-table" },
      h(
        "thead",
        {},
        h("tr", {}, ...["time", "from", "operation", "key", "status", "ms"].map((name) => h("th", {}, name))),
      ),
      rows,
    ),
  );

  return {
    element,
    setNamespace(next) {
      ns = next;
      readButton.disabled = !ns;
      readButton.title = ns ? `Read from ${ns.name}` : "Choose a namespace first";
    },
    setKey(next) {
      key.value = next;
    },
  };
}
