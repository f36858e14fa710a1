// "Sent nothing" holds only once anything a call started in the background could have arrived: a
// throw is synchronous, but a request fired and forgotten reaches the server turns later. So
// before counting, let the event loop turn, then make one round trip of our own to the sandbox
// on a fresh connection: a request started before it has had every chance to be received.
import { request } from "node:http";
import type { Sandbox } from "../../src/sandbox/index.js";

/** The service name our probe signs for; the sandbox counts it under byService like any other. */
const PROBE = "sessionfleet-test-probe";
const AUTH = `AWS4-HMAC-SHA256 Credential=AKIAFAKEPROBE0000000/20260101/us-east-1/${PROBE}/aws4_request, SignedHeaders=host, Signature=${"0".repeat(64)}`;

/** Requests the sandbox received so far, our probes left out. */
export function requestsSoFar(sb: Sandbox): number {
  const s = sb.stats();
  return s.requests - (s.byService[PROBE] ?? 0);
}

/** Requests the sandbox received once the dust has settled, our probes left out. */
export async function settledRequests(sb: Sandbox): Promise<number> {
  await settle(sb);
  return requestsSoFar(sb);
}

/** The sandbox's stats once the dust has settled (our probes count under byService[PROBE]). */
export async function settledStats(sb: Sandbox): Promise<ReturnType<Sandbox["stats"]>> {
  await settle(sb);
  return sb.stats();
}

async function settle(sb: Sandbox): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
  await probe(sb);
}

function probe(sb: Sandbox): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${sb.endpoint}/`, { method: "POST", agent: false, headers: { authorization: AUTH, "content-length": 0 }, timeout: 5000 }, (res) => {
      res.resume();
      res.once("end", () => resolve());
    });
    req.once("timeout", () => req.destroy(new Error("the sandbox did not answer the probe within 5 s")));
    req.once("error", reject);
    req.end();
  });
}
