import { describe, expectTypeOf, it } from "vitest";
import type { FleetError, FleetStage } from "../../src/errors.js";
import { fanOut, fanOutStream } from "../../src/fanout/run.js";
import type { FanOutRecord, FanOutReport, TaskContext } from "../../src/fanout/types.js";
import type { CredentialSession } from "../../src/session.js";

declare const session: CredentialSession;

describe("fanOut types", () => {
  it("types value with the task's return type, sync or async", async () => {
    const asyncReport = await fanOut({ session }, async () => 42);
    expectTypeOf(asyncReport).toEqualTypeOf<FanOutReport<number>>();
    const first = asyncReport.results[0]!;
    if (first.ok) expectTypeOf(first.value).toEqualTypeOf<number>();
    else {
      expectTypeOf(first.error).toEqualTypeOf<FleetError>();
      expectTypeOf(first.stage).toEqualTypeOf<FleetStage>();
    }
    expectTypeOf(asyncReport.succeeded[0]!.value).toEqualTypeOf<number>();

    const syncReport = await fanOut({ session }, ({ region }) => ({ region, n: 1 }));
    expectTypeOf(syncReport.succeeded[0]!.value).toEqualTypeOf<{ region: string; n: number }>();

    const voidReport = await fanOut({ session }, async () => {});
    expectTypeOf(voidReport.succeeded[0]!.value).toEqualTypeOf<void>();
  });

  it("gives the task a typed context", async () => {
    await fanOut({ session }, (ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<TaskContext>();
      expectTypeOf(ctx.session).toEqualTypeOf<CredentialSession>();
      expectTypeOf(ctx.roleArn).toEqualTypeOf<string | undefined>();
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      return ctx.accountId;
    });
  });

  it("streams typed records", () => {
    const stream = fanOutStream({ session }, async () => "x");
    expectTypeOf(stream).toMatchTypeOf<AsyncIterable<FanOutRecord<string>>>();
  });

  it("rejects unknown options and bad option types at compile time", () => {
    // @ts-expect-error unknown option
    void fanOut({ session, concurency: 2 }, () => 1);
    // @ts-expect-error regions must be an array or "enabled" / "all"
    void fanOut({ session, regions: "us-east-1" }, () => 1);
  });
});
