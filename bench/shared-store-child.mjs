// One process of the shared-store bench: at the barrier ("go" on stdin), assumes every role of
// BENCH_ROLES (all at once, as a service's first requests would) with or without the DynamoDB
// store, and prints one JSON line: ms to the first role's credentials (its first request could
// go), ms to all, CPU ms, and the DynamoDB calls it made by command.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CredentialSession } from "sessionfleet";
import { DynamoDBCredentialStore } from "sessionfleet/dynamodb";

const env = process.env;
const roles = env.BENCH_ROLES.split(",");
const calls = {};
let client;
let cache = "memory";
if (env.BENCH_TABLE) {
  client = new DynamoDBClient({ endpoint: env.BENCH_DYNAMODB_ENDPOINT, region: "us-east-1", credentials: { accessKeyId: "AKIAFAKEBENCHSTORE01", secretAccessKey: "FAKE" } });
  const send = client.send.bind(client);
  client.send = (command, ...rest) => {
    calls[command.constructor.name] = (calls[command.constructor.name] ?? 0) + 1;
    return send(command, ...rest);
  };
  cache = new DynamoDBCredentialStore({ tableName: env.BENCH_TABLE, client, encryption: { key: Buffer.from(env.BENCH_KEY, "base64") }, leaseMs: 10_000 });
}
const session = new CredentialSession({ region: "us-east-1", cache });
process.stdout.write("READY\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
process.stdin.destroy();
const cpu = process.cpuUsage();
const started = performance.now();
let first;
await Promise.all(roles.map((r) => session.assumeRole(r).getCredentials().then(() => (first ??= performance.now() - started))));
const all = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ firstMs: Math.round(first), allMs: Math.round(all), cpuMs: Math.round((used.user + used.system) / 1000), calls })}\n`);
await session.close();
client?.destroy();
