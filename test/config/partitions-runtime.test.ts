// Issue 12 item 18: the region list comes from the installed SDK's partition table at run time,
// not from a copy frozen when sessionfleet was built. A newer SDK is simulated by serving its
// table file with one more region; the rest asserts relationships with the SDK's own exported
// `partition()` (no counts), so an SDK minor bump cannot break it.
import { createRequire } from "node:module";
import * as fs from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

type Fs = typeof fs;

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<Fs>();
  return { ...real, readFileSync: vi.fn(real.readFileSync) };
});

const require = createRequire(import.meta.url);
const { partition: sdkPartition } = require("@aws-sdk/core/client") as { partition(region: string): { name: string; dnsSuffix: string; description?: string } };
const sdkVersion = (require("@aws-sdk/core/package.json") as { version: string }).version;

afterEach(() => {
  vi.mocked(fs.readFileSync).mockReset();
  vi.resetModules();
});

/** The partitions module as freshly imported, with the SDK's table file(s) rewritten by `edit`. */
async function withSdkTable(edit: (source: string) => string) {
  const real = (await vi.importActual<Fs>("node:fs")).readFileSync;
  vi.mocked(fs.readFileSync).mockImplementation(((path: fs.PathOrFileDescriptor, options?: unknown) => {
    const text = real(path, options as BufferEncoding);
    return /@aws-sdk[\\/]core[\\/].*(partitions\.js|client[\\/]index\.js)$/.test(String(path)) ? edit(String(text)) : text;
  }) as typeof fs.readFileSync);
  vi.resetModules();
  return { partitions: await import("../../src/partitions.js"), validate: await import("../../src/validate.js") };
}

const addRegion = (source: string) => source.replace(/("regions":\s*\{)(\s*"af-south-1")/, '$1 "eu-future-9": { "description": "Europe (Future)" },$2');

describe("partitions from the installed SDK at run time (issue 12 item 18)", () => {
  it("a region that only a newer SDK's table has is accepted, in its partition and in 'all'", async () => {
    const { partitions, validate } = await withSdkTable(addRegion);
    expect(partitions.isKnownRegion("eu-future-9")).toBe(true);
    expect(partitions.partitionOf("eu-future-9")).toBe("aws");
    expect(partitions.regionsOfPartition("aws")).toContain("eu-future-9");
    expect(validate.checkRegion("eu-future-9")).toBe("eu-future-9");
  });

  it("every region the SDK's exported partition() knows is known here, in the same partition with the same DNS suffix", async () => {
    const { partitions } = await withSdkTable((s) => s);
    const ids = ["aws", "aws-cn", "aws-us-gov"];
    for (const id of ids) {
      const regions = partitions.regionsOfPartition(id);
      expect(regions.length).toBeGreaterThan(0);
      expect([...regions].sort()).toEqual(regions);
      for (const region of regions) {
        const sdk = sdkPartition(region);
        expect(sdk.description, region).toBeTypeOf("string"); // a region of the SDK's table, not a regex match
        expect(partitions.partitionOf(region)).toBe(sdk.name);
        expect(partitions.dnsSuffixOf(region)).toBe(sdk.dnsSuffix);
      }
    }
    for (const region of ["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"]) expect(partitions.isKnownRegion(region)).toBe(sdkPartition(region).description !== undefined);
  });

  it("an unknown region is refused with a message naming the SDK's table and its version, not blaming a stale copy", async () => {
    const { validate } = await withSdkTable((s) => s);
    let message = "";
    try {
      validate.checkRegion("us-moon-9");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("\"us-moon-9\"");
    expect(message).toContain(`@aws-sdk/core ${sdkVersion}`);
  });

  it("the table is read once, on first use, not at import", async () => {
    const { partitions } = await withSdkTable((s) => s);
    const reads = () => vi.mocked(fs.readFileSync).mock.calls.filter(([p]) => /@aws-sdk[\\/]core[\\/].*(partitions\.js|client[\\/]index\.js)$/.test(String(p))).length;
    expect(reads()).toBe(0);
    partitions.isKnownRegion("us-east-1");
    partitions.partitionOf("eu-west-1");
    partitions.regionsOfPartition("aws");
    expect(reads()).toBe(1);
  });
});
