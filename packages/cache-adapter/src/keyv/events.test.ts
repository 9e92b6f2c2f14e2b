import { describe, expect, it } from "vitest";
import { KvEvents } from "./events.js";

describe("KvEvents (the emitter surface keyv 6 types a store with)", () => {
  it("on, once, prepend and off, in the order Node's EventEmitter keeps", () => {
    const events = new KvEvents();
    const seen: string[] = [];
    const a = (value: string) => seen.push(`a:${value}`);
    const b = (value: string) => seen.push(`b:${value}`);
    events
      .on("error", a)
      .once("error", b)
      .prependListener("error", (value: string) => seen.push(`p:${value}`));
    expect(events.listenerCount("error")).toBe(3);
    expect(events.emit("error", "1")).toBe(true);
    expect(events.emit("error", "2")).toBe(true);
    expect(seen).toEqual(["p:1", "a:1", "b:1", "p:2", "a:2"]);
    events.off("error", a);
    expect(events.listeners("error")).toHaveLength(1);
    events.removeAllListeners();
    expect(events.emit("error", "3")).toBe(false);
    expect(events.eventNames()).toEqual([]);
  });

  it("a once listener can be removed before it fires, by itself or by its wrapper", () => {
    const events = new KvEvents();
    let calls = 0;
    const listener = () => calls++;
    events.once("x", listener);
    events.removeListener("x", listener);
    events.prependOnceListener("y", listener);
    const [wrapper] = events.rawListeners("y");
    expect(wrapper).not.toBe(listener);
    events.off("y", wrapper!);
    events.emit("x");
    events.emit("y");
    expect(calls).toBe(0);
  });
});
