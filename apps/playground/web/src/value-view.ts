import { h, replace } from "./dom";
import { asPrettyJson, asText, formatBytes, hexDump } from "./format";

/** How a value is shown. */
export type ViewMode = "text" | "json" | "hex";

/** A value as read, with the forms it can be shown in. */
export interface LoadedValue {
  key: string;
  contentType: string;
  bytes: Uint8Array;
  /** Set when the bytes are readable text. */
  text: string | undefined;
  /** Set when the text parses as JSON. */
  json: string | undefined;
  /** The hex dump: made on the first call (the first render in hex mode), then kept. */
  hex(): string;
}

/** Decodes once what the tabs need; the hex dump waits until the hex tab asks for it. */
export function loadValue(key: string, contentType: string, bytes: Uint8Array): LoadedValue {
  const text = asText(bytes);
  let hex: string | undefined;
  return { key, contentType, bytes, text, json: asPrettyJson(text), hex: () => (hex ??= hexDump(bytes)) };
}

/** The best first view: JSON when it parses, text when it is text, hex otherwise. */
export function defaultMode(value: LoadedValue): ViewMode {
  if (value.json !== undefined && (value.contentType.includes("json") || /^\s*[[{]/.test(value.text ?? "")))
    return "json";
  return value.text !== undefined ? "text" : "hex";
}

/** The read-only view: content type and size, tabs for text / pretty JSON / hex, and the value itself. */
export function renderValueView(
  value: LoadedValue,
  mode: ViewMode,
  onMode: (mode: ViewMode) => void,
): HTMLElement {
  // Every value has a hex dump; text and JSON only when the bytes decode as such.
  const unavailable = (m: ViewMode) => m !== "hex" && value[m] === undefined;
  const tab = (m: ViewMode, label: string) =>
    h(
      "button",
      {
        class: `tab${m === mode ? " active" : ""}`,
        testid: `view-${m}`,
        disabled: unavailable(m),
        title: unavailable(m) ? `This value is not ${label}` : undefined,
        onclick: () => onMode(m),
      },
      label,
    );
  const pre = h("pre", { class: `value mode-${mode}`, testid: "value-view" });
  replace(pre, (mode === "hex" ? value.hex() : value[mode]) ?? "");
  return h(
    "div",
    { class: "value-view" },
    h(
      "dl",
      { class: "meta" },
      h("dt", {}, "Content type"),
      h("dd", { testid: "value-content-type" }, value.contentType),
      h("dt", {}, "Size"),
      h("dd", { testid: "value-size" }, `${formatBytes(value.bytes.length)} (${value.bytes.length} bytes)`),
    ),
    h("div", { class: "tabs" }, tab("text", "Text"), tab("json", "JSON"), tab("hex", "Hex")),
    pre,
  );
}
