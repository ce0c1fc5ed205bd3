// Per-call latency of `drift mcp` over stdio as the official MCP TypeScript SDK's client sees it: the
// same questions as drift.bench.McpLatency (the Java SDK's client), to show what the client adds.
// Usage: node mcp-latency.mjs --db STORE [--mods DIR] [--calls N] [--java PATH]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const opts = { db: null, mods: "mods", calls: 1000, java: "java" };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, "");
  if (!(key in opts)) throw new Error(`unknown option ${process.argv[i]}`);
  opts[key] = key === "calls" ? Number(process.argv[i + 1]) : process.argv[i + 1];
}
if (!opts.db) throw new Error("--db STORE is required");

const client = new Client({ name: "drift-mcp-latency-ts", version: "1" });
await client.connect(new StdioClientTransport({
  command: opts.java, args: ["-p", opts.mods, "-m", "drift.cli", "mcp", "--db", opts.db], stderr: "ignore",
}));

/** Every row of one read-only query, through the server's own sql tool (untimed). */
async function rows(query) {
  const out = [];
  let cursor;
  do {
    const r = await client.callTool({ name: "sql", arguments: cursor ? { query, cursor, limit: 500 } : { query, limit: 500 } });
    if (r.isError) throw new Error(r.content[0].text);
    out.push(...r.structuredContent.items);
    cursor = r.structuredContent.next_cursor;
  } while (cursor);
  return out;
}

const functions = (await rows("SELECT id FROM callgraph_function WHERE pk % 50 = 0 ORDER BY id")).map(r => r.id);
const entries = (await rows("SELECT id FROM callgraph_function WHERE is_entry_point = 1 ORDER BY id LIMIT 100")).map(r => r.id);
const fields = await rows("SELECT DISTINCT d.table_name AS t, j.value AS f FROM callgraph_data_access d, json_each(d.fields) j ORDER BY 1, 2");

async function time(tool, args) {
  const call = async i => {
    const r = await client.callTool({ name: tool, arguments: args(i) });
    if (r.isError) throw new Error(`${tool}: ${r.content[0].text}`);
  };
  for (let i = 0; i < 200; i++) await call(i);
  const ms = [];
  for (let i = 0; i < opts.calls; i++) {
    const t0 = process.hrtime.bigint();
    await call(i);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const pct = p => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)].toFixed(3).padStart(8);
  console.log(`${tool.padEnd(22)} n=${String(ms.length).padEnd(5)} p50 ${pct(0.5)} ms  p90 ${pct(0.9)} ms  p99 ${pct(0.99)} ms  max ${pct(1)} ms`);
}

await time("callers", i => ({ function: functions[i % functions.length] }));
await time("reachable_data", i => ({ function: entries[i % entries.length] }));
await time("who_reaches", i => ({ table: fields[i % fields.length].t, field: fields[i % fields.length].f }));
await client.close();
