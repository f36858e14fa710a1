// What one client costs to make, in-process (issue 23): an SDK RDSClient built with the
// session's config against a light client over a shared core (src/clients/regional-core.ts), and
// the configured-endpoint lookup per client against once per session. CPU time
// (process.cpuUsage) per operation, after a warm-up. Needs a build (dist/).
// Usage: node bench/client-cost.mjs [N]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RDSClient } from "@aws-sdk/client-rds";
import { dispatchCredentials, lightClient } from "../dist/clients/regional-core.js";
import { configuredEndpoint, configuredEndpoints } from "../dist/configured-endpoint.js";

const N = Number(process.argv[2] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), "sessionfleet-client-cost-"));
writeFileSync(join(dir, "config"), "[profile ops]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:9\n");
process.env.AWS_CONFIG_FILE = join(dir, "config");
process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
const provider = Object.assign(async () => ({ accessKeyId: "AKIAFAKECLIENTCOST01", secretAccessKey: "fake" }), { memoized: true });
const core = new RDSClient({ region: "us-east-1", credentials: dispatchCredentials, endpoint: "http://127.0.0.1:9" });
const perSession = configuredEndpoints("ops");

async function cpuPer(fn) {
  for (let i = 0; i < Math.min(300, N); i++) await fn();
  const before = process.cpuUsage();
  for (let i = 0; i < N; i++) await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / N;
}

try {
  const rows = [
    ["new RDSClient(config)", await cpuPer(() => new RDSClient({ region: "us-east-1", credentials: provider, endpoint: "http://127.0.0.1:9" }))],
    ["lightClient(core, provider)", await cpuPer(() => lightClient(core, provider, []))],
    ["configured endpoint, per client (before)", await cpuPer(() => configuredEndpoint("RDS", "ops"))],
    ["configured endpoint, per session (after)", await cpuPer(() => perSession("RDS"))],
  ];
  for (const [what, us] of rows) console.log(`${what.padEnd(42)} ${us.toFixed(1).padStart(7)} µs CPU each (N=${N})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
