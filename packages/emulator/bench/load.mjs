// Load generator, run as a child process so it never shares a core's event loop with the server under test.
// Raw keep-alive sockets and a minimal response parser: cheaper per request than any HTTP client, so the
// ceiling measured is the server's, not the generator's.
import { connect } from "node:net";

/** Finds the end of one complete response in `buf`; returns its length or -1. */
function responseLength(buf) {
  const headerEnd = buf.indexOf("\r\n\r\n");
  if (headerEnd === -1) return -1;
  const head = buf.toString("latin1", 0, headerEnd).toLowerCase();
  const at = head.indexOf("content-length:");
  const bodyLength = at === -1 ? 0 : Number.parseInt(head.slice(at + 15), 10);
  const total = headerEnd + 4 + bodyLength;
  return buf.length >= total ? total : -1;
}

function statusOf(buf) {
  return Number(buf.toString("latin1", 9, 12));
}

/** Runs `connections` keep-alive loops sending `request` (Buffers, rotated) until the time or count is spent. */
function run({ port, requests, connections, durationMs, warmupMs = 0, count, recordLatency }) {
  const payloads = requests.map((r) => Buffer.from(r, "base64"));
  return new Promise((resolve, reject) => {
    let done = 0;
    let measuring = warmupMs === 0;
    let measured = 0;
    let bad = 0;
    let started = performance.now();
    const latencies = [];
    let next = 0;
    let open = connections;
    let stopping = false;
    const stop = () => {
      stopping = true;
    };
    if (warmupMs > 0) {
      setTimeout(() => {
        measuring = true;
        started = performance.now();
      }, warmupMs);
    }
    if (durationMs) setTimeout(stop, warmupMs + durationMs);
    for (let c = 0; c < connections; c++) {
      const socket = connect(port, "127.0.0.1");
      socket.setNoDelay(true);
      let pending = Buffer.alloc(0);
      let sentAt = 0;
      const send = () => {
        if (stopping || (count !== undefined && next >= count)) {
          socket.end();
          return;
        }
        const payload = payloads[next++ % payloads.length];
        sentAt = performance.now();
        socket.write(payload);
      };
      socket.on("connect", send);
      socket.on("data", (chunk) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        for (;;) {
          const length = responseLength(pending);
          if (length === -1) break;
          const status = statusOf(pending);
          pending = pending.subarray(length);
          done++;
          if (measuring) {
            measured++;
            if (status >= 400) bad++;
            if (recordLatency) latencies.push(performance.now() - sentAt);
          }
          send();
        }
      });
      socket.on("error", reject);
      socket.on("close", () => {
        if (--open === 0) {
          const seconds = (performance.now() - started) / 1000;
          latencies.sort((a, b) => a - b);
          resolve({ done, measured, bad, rps: measured / seconds, latencies });
        }
      });
    }
  });
}

process.on("message", async (job) => {
  try {
    const result = await run(job);
    const l = result.latencies;
    const median = l.length ? l[Math.floor(l.length / 2)] : undefined;
    const mean = l.length ? l.reduce((a, b) => a + b, 0) / l.length : undefined;
    process.send({ ok: true, rps: result.rps, measured: result.measured, bad: result.bad, median, mean });
  } catch (error) {
    process.send({ ok: false, error: String(error) });
  }
});
