import { describe, expect, it } from "vitest";
import { partitionOf } from "../src/index.js";
import { dnsSuffixOf, isKnownRegion, regionsOfPartition } from "../src/partitions.js";

describe("partitions", () => {
  it.each([
    ["us-east-1", "aws", "amazonaws.com"],
    ["cn-north-1", "aws-cn", "amazonaws.com.cn"],
    ["us-gov-west-1", "aws-us-gov", "amazonaws.com"],
    ["us-iso-east-1", "aws-iso", "c2s.ic.gov"],
  ])("%s is in %s", (region, partition, suffix) => {
    expect(partitionOf(region)).toBe(partition);
    expect(dnsSuffixOf(region)).toBe(suffix);
  });

  it("refuses regions the SDK does not know, even when they look like one", () => {
    expect(isKnownRegion("us-moon-9")).toBe(false);
    expect(() => partitionOf("us-moon-9")).toThrow(/region: "us-moon-9"/);
    expect(isKnownRegion("aws-global")).toBe(false);
  });

  it("lists every commercial region for 'all', without pseudo-regions", () => {
    const all = regionsOfPartition("aws");
    expect(all).toContain("eu-west-1");
    expect(all.length).toBeGreaterThan(25);
    expect(all.every((r) => /^[a-z]{2}-[a-z]+-\d$/.test(r))).toBe(true);
  });
});
