import { describe, expect, it } from "vitest";
import { Channel } from "../../src/fanout/channel.js";
import { Gate, KeyedLimits } from "../../src/fanout/limits.js";
import { fanOut } from "../../src/fanout/run.js";
import { accountIds, fakeSession } from "./fakes.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("KeyedLimits and Gate", () => {
  it("bounds each key and drops idle limiters", async () => {
    const limits = new KeyedLimits(2);
    let now = 0;
    let max = 0;
    const work = async () => {
      max = Math.max(max, ++now);
      await tick();
      now--;
    };
    const all = Array.from({ length: 10 }, () => limits.run("a", work));
    expect(limits.size).toBe(1);
    await Promise.all(all);
    expect(max).toBe(2);
    expect(limits.size).toBe(0);
  });

  it("gate admits `size` holders", async () => {
    const gate = new Gate(2);
    await gate.acquire();
    await gate.acquire();
    let third = false;
    const waiting = gate.acquire().then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    gate.release();
    await waiting;
    expect(third).toBe(true);
  });
});

describe("Channel", () => {
  it("makes pushers wait while full and ends after close", async () => {
    const channel = new Channel<number>(2);
    let pushed = 0;
    const producer = (async () => {
      for (let i = 0; i < 6; i++) {
        await channel.push(i);
        pushed++;
      }
      channel.close();
    })();
    await tick();
    expect(pushed).toBeLessThanOrEqual(2);
    const got: number[] = [];
    for await (const n of channel) got.push(n);
    await producer;
    expect(got).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe("scale", () => {
  it("1,000 accounts × 20 regions: 20,000 records, at most `concurrency` children open", async () => {
    const ids = accountIds(1000);
    const regions = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1",
      "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "sa-east-1", "eu-south-1", "me-south-1", "af-south-1"];
    const { session, log } = fakeSession();
    let maxOpen = 0;
    const started = performance.now();
    const report = await fanOut({ session, accounts: ids, roles: "Audit", regions, concurrency: 32 }, () => {
      maxOpen = Math.max(maxOpen, log.getCredentials.length - log.closed.length);
      return 1;
    });
    expect(report.summary.succeeded).toBe(20_000);
    expect(log.closed).toHaveLength(1000);
    expect(maxOpen).toBeLessThanOrEqual(32);
    console.log(`[fanout scale] 20,000 targets with fake sessions in ${Math.round(performance.now() - started)} ms`);
  });
});
