import { KvError, KvHttpError } from "@telnyx-kv/client-browser";
import { h, replace } from "./dom";

/** What the banner shows of an error: the API envelope's fields when there is one. */
export interface ErrorView {
  heading: string;
  code?: string;
  title?: string;
  detail?: string;
  extra?: string;
}

/** Turns anything thrown into something a person can act on. */
export function describeError(error: unknown): ErrorView {
  if (KvHttpError.isInstance(error)) {
    const view: ErrorView = {
      heading: `HTTP ${error.status}${error.operation ? ` in ${error.operation}` : ""}`,
    };
    if (error.code !== undefined) view.code = error.code;
    view.title = error.title ?? error.message;
    if (error.detail !== undefined) view.detail = error.detail;
    if (error.requestId) view.extra = `request id ${error.requestId}`;
    return view;
  }
  if (KvError.isInstance(error)) return { heading: error.name, detail: error.message };
  if (error instanceof Error) return { heading: error.name || "Error", detail: error.message };
  return { heading: "Error", detail: String(error) };
}

const banner = h("section", { class: "error-banner", testid: "error-banner", role: "alert", hidden: true });

/** The banner element, placed once by main. */
export function errorBanner(): HTMLElement {
  return banner;
}

/** Shows an error in the banner; the rest of the page stays usable. */
export function showError(error: unknown): void {
  const view = describeError(error);
  replace(
    banner,
    h(
      "div",
      { class: "error-text" },
      h("strong", { testid: "error-heading" }, view.heading),
      view.code && h("span", { class: "error-code", testid: "error-code" }, `code ${view.code}`),
      view.title && h("div", { class: "error-title", testid: "error-title" }, view.title),
      view.detail && h("div", { class: "error-detail", testid: "error-detail" }, view.detail),
      view.extra && h("div", { class: "error-extra" }, view.extra),
    ),
    h("button", { class: "ghost", testid: "error-dismiss", onclick: clearError }, "Dismiss"),
  );
  banner.hidden = false;
}

/** Hides the banner. */
export function clearError(): void {
  banner.hidden = true;
  banner.replaceChildren();
}

/** Runs an action, showing any failure in the banner instead of throwing it away. */
export async function guard<T>(action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    showError(error);
    return undefined;
  }
}
