// RDS option groups per (account, region), created lazily from the configured counts so that a
// huge organisation costs nothing until a region is listed, and changed by Create/Delete calls.

/** One option group, as DescribeOptionGroups returns it. */
export interface OptionGroup {
  name: string;
  description: string;
  engineName: string;
  majorEngineVersion: string;
  arn: string;
}

const ENGINES: Array<[string, string]> = [["mysql", "8.0"], ["postgres", "16"], ["mariadb", "10.11"], ["oracle-ee", "19"], ["sqlserver-se", "15.00"]];

/** The option groups of every (account, region), materialised on first use. */
export class OptionGroupStore {
  private readonly groups = new Map<string, OptionGroup[]>();

  constructor(private readonly count: (accountId: string, region: string) => number, private readonly partition: string) {}

  list(accountId: string, region: string): OptionGroup[] {
    const key = `${accountId}/${region}`;
    let list = this.groups.get(key);
    if (list === undefined) {
      list = [];
      const n = this.count(accountId, region);
      for (let i = 1; i <= n; i++) {
        const [engineName, majorEngineVersion] = ENGINES[(i - 1) % ENGINES.length]!;
        const name = `sandbox-og-${String(i).padStart(3, "0")}`;
        list.push(this.make(accountId, region, name, `Option group ${i} of ${accountId} in ${region}`, engineName, majorEngineVersion));
      }
      this.groups.set(key, list);
    }
    return list;
  }

  make(accountId: string, region: string, name: string, description: string, engineName: string, majorEngineVersion: string): OptionGroup {
    return { name, description, engineName, majorEngineVersion, arn: `arn:${this.partition}:rds:${region}:${accountId}:og:${name}` };
  }
}
