import { describe, expect, it } from "vitest";
import { matchesNoProxy, resolveProxy } from "./no-proxy.js";

const url = (text: string) => new URL(text);

describe("matchesNoProxy", () => {
  it("matches hosts, domains and subdomains, with or without a leading dot or star", () => {
    expect(matchesNoProxy(url("https://api.telnyx.com/v2"), "telnyx.com")).toBe(true);
    expect(matchesNoProxy(url("https://api.telnyx.com/v2"), ".telnyx.com")).toBe(true);
    expect(matchesNoProxy(url("https://api.telnyx.com/v2"), "*.telnyx.com")).toBe(true);
    expect(matchesNoProxy(url("https://telnyx.com/v2"), "telnyx.com")).toBe(true);
    expect(matchesNoProxy(url("https://nottelnyx.com/v2"), "telnyx.com")).toBe(false);
    expect(matchesNoProxy(url("https://API.Telnyx.com/v2"), "api.telnyx.com")).toBe(true);
  });

  it("splits on commas and spaces, and * matches all", () => {
    expect(matchesNoProxy(url("http://127.0.0.1:9/"), "localhost, 127.0.0.1")).toBe(true);
    expect(matchesNoProxy(url("http://example.org/"), "a.com b.com")).toBe(false);
    expect(matchesNoProxy(url("http://example.org/"), "*")).toBe(true);
    expect(matchesNoProxy(url("http://example.org/"), "")).toBe(false);
  });

  it("honours ports, including the scheme's default, and bracketed IPv6", () => {
    expect(matchesNoProxy(url("https://api.telnyx.com/"), "api.telnyx.com:443")).toBe(true);
    expect(matchesNoProxy(url("https://api.telnyx.com/"), "api.telnyx.com:8443")).toBe(false);
    expect(matchesNoProxy(url("http://[::1]:8080/"), "[::1]:8080")).toBe(true);
    expect(matchesNoProxy(url("http://[::1]:8080/"), "[::1]")).toBe(true);
  });
});

describe("resolveProxy", () => {
  const target = "https://api.telnyx.com/v2";
  it("prefers the option, and false turns proxies off", () => {
    expect(resolveProxy(target, "http://p:1", { HTTPS_PROXY: "http://env:1" })).toBe("http://p:1");
    expect(resolveProxy(target, false, { HTTPS_PROXY: "http://env:1" })).toBeUndefined();
  });

  it("reads the variables by scheme, lowercase first, and applies NO_PROXY", () => {
    expect(resolveProxy(target, undefined, { HTTPS_PROXY: "http://s:1" })).toBe("http://s:1");
    expect(resolveProxy(target, undefined, { https_proxy: "http://l:1", HTTPS_PROXY: "http://u:1" })).toBe(
      "http://l:1",
    );
    expect(resolveProxy(target, undefined, { HTTP_PROXY: "http://h:1" })).toBe("http://h:1");
    expect(resolveProxy("http://127.0.0.1:1/v2", undefined, { HTTPS_PROXY: "http://s:1" })).toBeUndefined();
    expect(
      resolveProxy(target, undefined, { HTTPS_PROXY: "http://s:1", NO_PROXY: "telnyx.com" }),
    ).toBeUndefined();
    expect(resolveProxy(target, undefined, {})).toBeUndefined();
  });
});
