// What a compiled stack's concat costs per send in a fresh process (issue 23): an RDSClient's stack
// compiled once, then N sends' command stacks (each with the SDK's endpoint plugin, as
// Command.resolveMiddlewareWithContext adds it) concatenated; the first concat, which works the
// order out, is timed apart. Usage: npm run build && node bench/compiled-stack-concat.mjs [N]
// (default 3,300: the sends of a 3,000-target run with its 300 AssumeRoles).
import { createRequire } from "node:module";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { compiledStack } from "../dist/clients/compiled-stack.js";

const { getEndpointPlugin } = createRequire(import.meta.url)("@smithy/core/endpoints");
const N = Number(process.argv[2] ?? 3300);
const client = new RDSClient({ region: "us-east-1", credentials: { accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake-secret" } });
const compiled = compiledStack(client.middlewareStack);
const commandStacks = Array.from({ length: N + 1 }, () => {
  const command = new DescribeOptionGroupsCommand({});
  command.middlewareStack.use(getEndpointPlugin(client.config, DescribeOptionGroupsCommand.getEndpointParameterInstructions()));
  return command.middlewareStack;
});
const cpuUs = (from) => {
  const { user, system } = process.cpuUsage(from);
  return user + system;
};
const first = process.cpuUsage();
compiled.concat(commandStacks[N]);
const firstUs = cpuUs(first);
const rest = process.cpuUsage();
for (let i = 0; i < N; i++) compiled.concat(commandStacks[i]);
console.log(`first concat (works the order out): ${firstUs} µs; the next ${N}: ${(cpuUs(rest) / N).toFixed(1)} µs each`);
