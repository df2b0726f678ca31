// HTTP load for bench/trace.py, from Node.js so that the load generator costs the 2 cores far less
// than a Python client would (autocannon for the scan flood, plain keep-alive requests for phones).
//
//   node trace_load.mjs scans <base> <labels-file> <rate> <seconds> <connections>
//   node trace_load.mjs phones <base> <labels-file> <requests> <phones>
//
// <labels-file> holds one "<batch code> <serial>" a line. Prints one line of JSON.
import { readFileSync } from "node:fs";
import http from "node:http";
import autocannon from "autocannon";

const [mode, base, labelsFile, ...rest] = process.argv.slice(2);
const labels = readFileSync(labelsFile, "utf8").trim().split("\n").map((line) => line.split(" "));
const pick = () => labels[Math.floor(Math.random() * labels.length)];

function percentile(sorted, share) {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

async function scans(rate, seconds, connections) {
  let redirected = 0;
  const result = await autocannon({
    url: base,
    connections: Number(connections),
    duration: Number(seconds),
    overallRate: Number(rate) || undefined,
    requests: [
      {
        setupRequest: (request) => {
          const [code, serial] = pick();
          return { ...request, method: "GET", path: `/t/${code}/${serial}` };
        },
        onResponse: (status) => {
          if (status === 307) redirected += 1;
        },
      },
    ],
  });
  return {
    offered_per_second: Number(rate) || null,
    seconds: Number(seconds),
    connections: Number(connections),
    redirected, // answers only: bench/trace.py counts the scans the database recorded
    requests: result.requests.total,
    other_answers: result.requests.total - redirected,
    errors: result.errors,
    timeouts: result.timeouts,
    latency_ms: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
  };
}

function get(url, agent) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { "accept-language": "vi-VN,vi;q=0.9" } }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on("error", reject);
  });
}

async function phones(requests, phoneCount) {
  const timings = { both: [], resolve: [], page: [] };
  let left = Number(requests);
  const agents = [];
  async function phone() {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 }); // a phone keeps its connection
    agents.push(agent);
    while (left-- > 0) {
      const [code, serial] = pick();
      const started = performance.now();
      const scan = await get(`${base}/t/${code}/${serial}`, agent);
      if (scan.status !== 307) throw new Error(`scan answered ${scan.status}`);
      const resolved = performance.now();
      const page = await get(new URL(scan.headers.location, base), agent);
      if (page.status !== 200 || !page.body.includes("Hành trình")) throw new Error(`page answered ${page.status}`);
      const done = performance.now();
      timings.both.push(done - started);
      timings.resolve.push(resolved - started);
      timings.page.push(done - resolved);
    }
  }
  await Promise.all(Array.from({ length: Number(phoneCount) }, phone));
  for (const agent of agents) agent.destroy();
  const summary = {};
  for (const [name, values] of Object.entries(timings)) {
    values.sort((a, b) => a - b);
    summary[name] = { p50: percentile(values, 0.5), p95: percentile(values, 0.95), p99: percentile(values, 0.99) };
  }
  return { phones: Number(phoneCount), requests: timings.both.length, ms: summary };
}

const result = mode === "scans" ? await scans(...rest) : await phones(...rest);
console.log(JSON.stringify(result));
