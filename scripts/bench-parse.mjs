// Turns each package benchmark's printed table into rows of ratios for bench/RESULTS.md. The benches
// print for people; these parsers read those lines without asking the benches to change, and whatever
// they cannot read still reaches the report verbatim (the raw output is kept beside the table).

/** @typedef {{ package: string, measure: string, ratio: number, target: string, detail: string }} BenchRow */

/**
 * One row of the report: a ratio, what it compares, and its target when the bench states one.
 * @returns {BenchRow}
 */
function row(pkg, measure, ratio, target = "", detail = "") {
  return { package: pkg, measure, ratio: Number(ratio), target, detail };
}

const num = (text) => Number(String(text).replace(/,/g, ""));

/** Any `name = 1.23 (target ≥ 1.5)` statement, several per line allowed, prefixed by a leading `GET:`. */
function targetStatements(pkg, output) {
  const rows = [];
  for (const line of output.split("\n")) {
    const prefix = /^\s*([A-Z]+):/.exec(line)?.[1];
    for (const match of line.matchAll(/([^=:()]+?)\s*=\s*([\d.]+)\s*\(target\s*([^)]*)\)/g)) {
      const measure = `${prefix ? `${prefix} ` : ""}${match[1].trim()}`;
      rows.push(row(pkg, measure, match[2], match[3].trim()));
    }
  }
  return rows;
}

/** packages/emulator/bench/run.mjs: req/s against a bare node:http server, list latency at two sizes. */
function emulator(pkg, output) {
  const rows = [];
  const target =
    /^(bare node:http \(ceiling\)|emulator memory|emulator sqlite)\s*([\d,]+)\s+([\d.]+)\s+([\d,]+)\s+([\d.]+)/gm;
  const found = [...output.matchAll(target)];
  const bare = found.find((m) => m[1].startsWith("bare"));
  for (const m of found.filter((m) => m[1].startsWith("emulator"))) {
    const vs = (i) => (bare ? ` (${m[i]} vs ${bare[i]} req/s)` : "");
    const goal = m[1] === "emulator memory" ? "≥ 0.60" : "";
    rows.push(row(pkg, `GET req/s, ${m[1]} ÷ bare node:http`, m[3], goal, `higher is better${vs(2)}`));
    rows.push(row(pkg, `PUT req/s, ${m[1]} ÷ bare node:http`, m[5], "", `higher is better${vs(4)}`));
  }
  const sizes = /SQLite list page \(median\)\s+([\d,]+) keys\s+([\d,]+) keys/.exec(output);
  for (const m of output.matchAll(/^limit=(\d+)\s+([\d.]+) ms\s+([\d.]+) ms\s+([\d.]+)/gm)) {
    const [small, big] = sizes ? [sizes[1], sizes[2]] : ["small", "big"];
    rows.push(
      row(
        pkg,
        `SQLite list page (limit=${m[1]}), ${big} keys ÷ ${small} keys`,
        m[4],
        "≤ 1.5",
        `lower is better (${m[3]} ms vs ${m[2]} ms)`,
      ),
    );
  }
  return rows;
}

/** packages/client-node/bench/run.mjs: ops/s and CPU per op beside undici, fetch and the telnyx SDK. */
function clientNode(pkg, output) {
  const rows = targetStatements(pkg, output).map((r) => ({
    ...r,
    detail: /CPU/.test(r.measure) ? "lower is better" : "higher is better",
  }));
  const table = [...output.matchAll(/^(GET|PUT)\s+(\S.*?)\s{2,}(\d+)\s+([\d.]+)\s*$/gm)].map((m) => ({
    op: m[1],
    name: m[2].trim(),
    ops: num(m[3]),
  }));
  for (const op of ["GET", "PUT"]) {
    const ours = table.find((r) => r.op === op && r.name.startsWith("@telnyx-kv"));
    const fetchRow = table.find((r) => r.op === op && r.name === "global fetch");
    if (ours && fetchRow) {
      const detail = `higher is better (${ours.ops} vs ${fetchRow.ops} ops/s)`;
      rows.push(row(pkg, `${op} ours/global fetch ops/s`, (ours.ops / fetchRow.ops).toFixed(2), "", detail));
    }
  }
  return rows;
}

/** packages/cache-adapter/bench/run.mjs: getMany time as a ratio of the ideal, per concurrency. */
function cacheAdapter(pkg, output) {
  const rows = [];
  const keys = /getMany of ([\d,]+) keys, (\d+) ms injected latency/.exec(output);
  const pattern = /^\s*(\d+) \|\s*(\d+) \|\s*(\d+) \|\s*([\d.]+) \|\s*([\d.]+)(\s*\(default\))?/gm;
  for (const m of output.matchAll(pattern)) {
    const what = keys ? `getMany of ${keys[1]} keys at ${keys[2]} ms latency` : "getMany";
    rows.push(
      row(
        pkg,
        `${what}, concurrency ${m[1]}${m[6] ? " (default)" : ""}: time ÷ ideal`,
        m[4],
        m[6] ? "≤ 1.3" : "",
        `lower is better (${m[3]} ms vs ideal ${m[2]} ms; bare client ${m[5]})`,
      ),
    );
  }
  return rows;
}

/** packages/client-browser/scripts/size-budget.mjs: bundle sizes, ours against their targets, peers beside. */
function clientBrowser(pkg, output) {
  const rows = [];
  const pattern = /^\| ([^|]+?) \| ([\d.]+) KB \| ([\d.]+) KB \| ([\d.]+) \| ([^|]*)\|/gm;
  for (const m of output.matchAll(pattern)) {
    const target = /≤ ([\d.]+) KB/.exec(m[5]);
    if (target) {
      const ratio = (Number(m[2]) / Number(target[1])).toFixed(2);
      rows.push(row(pkg, `${m[1]}: gzipped ÷ its target`, ratio, "≤ 1.00", `${m[2]} KB vs ${target[1]} KB`));
    } else {
      rows.push(row(pkg, `${m[1]}: gzipped ÷ createKvNamespace's`, m[4], "", `${m[2]} KB, for comparison`));
    }
  }
  return rows;
}

const PARSERS = {
  "@telnyx-kv/client-browser": clientBrowser,
  "@telnyx-kv/emulator": emulator,
  "@telnyx-kv/client-node": clientNode,
  "@telnyx-kv/cache-adapter": cacheAdapter,
};

/** Whether `ratio` meets a stated target such as "≥ 1.5" or "<= 4"; undefined when there is none. */
export function meetsTarget(ratio, target) {
  const match = /^(≥|>=|≤|<=)\s*([\d.]+)$/.exec(target.trim());
  if (!match) return undefined;
  const bound = Number(match[2]);
  return match[1] === "≥" || match[1] === ">=" ? ratio >= bound : ratio <= bound;
}

/**
 * The rows of one package's bench output: its own parser, else every stated target.
 * @param {string} pkg
 * @param {string} output
 * @returns {BenchRow[]}
 */
export function parseBench(pkg, output) {
  const parser = PARSERS[pkg] ?? targetStatements;
  return parser(pkg, output).filter((r) => Number.isFinite(r.ratio));
}
