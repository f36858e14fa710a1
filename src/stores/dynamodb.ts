// DynamoDBCredentialStore (subpath export "sessionfleet/dynamodb"): one table of encrypted
// assumed-role credentials shared by every process and machine of a fleet, with a lease so one
// of them calls STS per key. The store saves calls; it never stops a run: any failure to reach
// the table (throttled, down, no permission) is one warning, and the session assumes the role
// itself. Built only on GetItem, PutItem, UpdateItem, DeleteItem (with conditions) and Scan.
import {
  DeleteItemCommand, GetItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand,
  type DynamoDBClient, type ScanCommandOutput,
} from "@aws-sdk/client-dynamodb";
import { randomBytes } from "node:crypto";
import { DEFAULT_REFRESH_BEFORE_MS } from "../credentials/refreshing.js";
import type { CredentialStore, CredentialStoreEntry, CredentialStoreLease, CredentialStoreLeaseRequest } from "../credentials/store.js";
import type { StoreEncryption } from "./dynamodb-crypto.js";
import { FORMAT, fromItem, hasEntry, headerOf, toItem, toSeconds, type Item } from "./dynamodb-item.js";
import { acquireLease } from "./dynamodb-lease.js";
import { checkStoreOptions, type DynamoDBCredentialStoreOptions } from "./dynamodb-options.js";
import { createStoreTable, type CreateTableResult } from "./dynamodb-table.js";

export type { DynamoDBCredentialStoreOptions } from "./dynamodb-options.js";
export type { CreateTableResult } from "./dynamodb-table.js";
export type { StoreEncryption } from "./dynamodb-crypto.js";

/** `process.emitWarning` code of the store's warnings. */
export const SHARED_STORE_WARNING = "SESSIONFLEET_SHARED_STORE";

/** One item of the table as `list()` shows it: no secret. */
export interface DynamoDBCacheListing {
  key: string;
  roleArn: string;
  accountId?: string;
  /** Absent for an item that holds only a lease. */
  expiration?: Date;
  expired: boolean;
  /** Until when a process holds the right to call STS for this key, if one does. */
  leaseUntil?: Date;
}

const NAMES = { "#ct": "ct", "#exp": "expiresAt", "#lu": "leaseUntil", "#lo": "leaseOwner", "#role": "roleArn", "#v": "v" };

/**
 * A {@link CredentialStore} in a DynamoDB table that many processes share.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
 * import { CredentialSession } from "sessionfleet";
 * import { DynamoDBCredentialStore } from "sessionfleet/dynamodb";
 * const store = new DynamoDBCredentialStore({
 *   tableName: "sessionfleet-credentials", client: new DynamoDBClient({}),
 *   encryption: { key: Buffer.from(process.env.SESSIONFLEET_CACHE_KEY!, "base64") },
 * });
 * await store.createTable();
 * const base = new CredentialSession({ region: "us-east-1", cache: store });
 * ```
 */
export class DynamoDBCredentialStore implements CredentialStore {
  readonly tableName: string;
  readonly leaseMs: number;
  readonly #client: DynamoDBClient;
  readonly #encryption: StoreEncryption;
  readonly #warn: (message: string) => void;
  readonly #warned = new Set<string>();
  /** Leases this process holds and has not yet ended by writing the entry: key → owner id. */
  readonly #leases = new Map<string, string>();
  /** After a failure the store is skipped for leaseMs, so a dead table costs one timeout, not one per key. */
  #downUntil = 0;

  constructor(options: DynamoDBCredentialStoreOptions) {
    const o = checkStoreOptions(options);
    this.tableName = o.tableName;
    this.leaseMs = o.leaseMs;
    this.#client = o.client;
    this.#encryption = o.encryption;
    this.#warn = o.onWarning ?? ((message) => process.emitWarning(message, { code: SHARED_STORE_WARNING }));
  }

  /** Creates the table (partition key "key", TTL on "expiresAt") unless it exists. */
  createTable(options: { timeoutMs?: number } = {}): Promise<CreateTableResult> {
    return createStoreTable(this.#client, this.tableName, options.timeoutMs);
  }

  async get(key: string): Promise<CredentialStoreEntry | undefined> {
    const item = await this.#read(key).catch((error: unknown) => this.#unreachable(error));
    // An entry inside the refresh window would not be used: not opened (with KMS, no Decrypt).
    const usable = (headerOf(item)?.expiresAt ?? 0) * 1000 - Date.now() > DEFAULT_REFRESH_BEFORE_MS;
    return item && hasEntry(item) && usable ? this.#open(key, item) : undefined;
  }

  async set(key: string, entry: CredentialStoreEntry): Promise<void> {
    try {
      await this.#send(async (signal) => this.#client.send(new PutItemCommand({
        TableName: this.tableName, Item: await toItem(key, entry, this.#encryption, signal),
        // Never replace a newer entry with an older one (two processes that both fell back).
        ConditionExpression: "attribute_not_exists(#ct) OR #exp <= :exp",
        ExpressionAttributeNames: { "#ct": NAMES["#ct"], "#exp": NAMES["#exp"] },
        ExpressionAttributeValues: { ":exp": { N: String(toSeconds(entry.expiration)) } },
      }), { abortSignal: signal }));
      this.#leases.delete(key); // the put replaced the whole item, lease included
    } catch (error) {
      if (isConditionFailed(error)) return;
      this.#unreachable(error);
    }
  }

  async delete(key: string): Promise<void> {
    await this.#send((signal) => this.#client.send(new DeleteItemCommand({ TableName: this.tableName, Key: { key: { S: key } } }), { abortSignal: signal })).catch((error: unknown) => this.#unreachable(error));
  }

  async acquire(key: string, request: CredentialStoreLeaseRequest): Promise<CredentialStoreLease> {
    const owner = randomBytes(12).toString("hex");
    const fresh = toSeconds(request.freshUntil);
    let foreign = false; // a fresh entry this store cannot open: the lease may replace it
    const outcome = await acquireLease({
      read: async () => {
        const item = await this.#read(key);
        const header = headerOf(item);
        const entry = item && hasEntry(item) && (header?.expiresAt ?? 0) > fresh ? await this.#open(key, item) : undefined;
        foreign = !entry && hasEntry(item) && (header?.expiresAt ?? 0) > fresh;
        return { ...(entry && entry.expiration.getTime() > request.freshUntil.getTime() && { entry }), ...(header?.leaseUntil !== undefined && { leaseUntil: header.leaseUntil }) };
      },
      take: (until) => this.#take(key, owner, until, foreign ? undefined : fresh, request.roleArn),
      release: async () => {},
      onWaitedOut: () => this.#warnOnce("waited", `Waited leaseMs (${this.leaseMs} ms) for another process to store credentials in ${this.tableName}; assuming the role here instead. Raise leaseMs if AssumeRole is that slow.`),
      onUnreachable: (error) => this.#unreachable(error),
    }, this.leaseMs);
    if ("entry" in outcome) return { entry: outcome.entry, release: async () => {} };
    if (!outcome.held) return { release: async () => {} };
    this.#leases.set(key, owner);
    return { release: () => this.#release(key, owner) };
  }

  /** Every item, soonest expiry first (Scan: needs dynamodb:Scan). No secret is opened. */
  async list(now = Date.now()): Promise<DynamoDBCacheListing[]> {
    const out: DynamoDBCacheListing[] = [];
    for await (const item of this.#scan()) {
      const h = headerOf(item);
      if (!h) continue;
      const entry = hasEntry(item);
      out.push({
        key: h.key, roleArn: h.roleArn, ...(h.accountId !== undefined && { accountId: h.accountId }),
        ...(entry && { expiration: new Date(h.expiresAt * 1000) }), expired: !entry || h.expiresAt * 1000 <= now,
        ...(h.leaseUntil !== undefined && h.leaseUntil > now && { leaseUntil: new Date(h.leaseUntil) }),
      });
    }
    return out.sort((a, b) => (a.expiration?.getTime() ?? 0) - (b.expiration?.getTime() ?? 0));
  }

  /** Deletes every item (with `expired`, only expired ones and dead leases); returns how many. */
  async clear(options: { expired?: boolean } = {}, now = Date.now()): Promise<number> {
    let removed = 0;
    for (const listing of await this.list(now)) {
      if (options.expired && (!listing.expired || listing.leaseUntil)) continue;
      await this.#client.send(new DeleteItemCommand({ TableName: this.tableName, Key: { key: { S: listing.key } } }), { abortSignal: AbortSignal.timeout(this.leaseMs) });
      removed++;
    }
    return removed;
  }

  async #read(key: string): Promise<Item | undefined> {
    const out = await this.#send((signal) => this.#client.send(new GetItemCommand({ TableName: this.tableName, Key: { key: { S: key } }, ConsistentRead: true }), { abortSignal: signal }));
    return out.Item;
  }

  async #open(key: string, item: Item): Promise<CredentialStoreEntry | undefined> {
    try {
      return await fromItem(key, item, this.#encryption, AbortSignal.timeout(this.leaseMs));
    } catch (error) {
      this.#warnOnce("open", `An item in ${this.tableName} could not be opened (${messageOf(error)}): sealed with another key, another format or tampered with. It counts as a miss and is replaced by the next AssumeRole.`);
      return undefined;
    }
  }

  async #take(key: string, owner: string, until: number, fresh: number | undefined, roleArn: string): Promise<boolean> {
    try {
      await this.#send((signal) => this.#client.send(new UpdateItemCommand({
        TableName: this.tableName, Key: { key: { S: key } },
        // A lease-only item gets the role (for `cache list`) and a TTL of its own.
        UpdateExpression: "SET #lu = :until, #lo = :owner, #role = if_not_exists(#role, :role), #exp = if_not_exists(#exp, :ttl), #v = if_not_exists(#v, :v)",
        ConditionExpression: `(attribute_not_exists(#lu) OR #lu <= :now)${fresh === undefined ? "" : " AND (attribute_not_exists(#ct) OR #exp <= :fresh)"}`,
        ExpressionAttributeNames: fresh === undefined ? withoutCt() : NAMES,
        ExpressionAttributeValues: {
          ":until": { N: String(until) }, ":owner": { S: owner }, ":role": { S: roleArn }, ":ttl": { N: String(Math.ceil(until / 1000)) },
          ":v": { N: String(FORMAT) }, ":now": { N: String(Date.now()) }, ...(fresh !== undefined && { ":fresh": { N: String(fresh) } }),
        },
      }), { abortSignal: signal }));
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async #release(key: string, owner: string): Promise<void> {
    if (this.#leases.get(key) !== owner) return; // the entry's put already ended it
    this.#leases.delete(key);
    await this.#send((signal) => this.#client.send(new UpdateItemCommand({
      TableName: this.tableName, Key: { key: { S: key } }, UpdateExpression: "REMOVE #lu, #lo",
      ConditionExpression: "#lo = :owner", ExpressionAttributeNames: { "#lu": "leaseUntil", "#lo": "leaseOwner" }, ExpressionAttributeValues: { ":owner": { S: owner } },
    }), { abortSignal: signal })).catch((error: unknown) => {
      if (!isConditionFailed(error)) this.#unreachable(error);
    });
  }

  async *#scan(): AsyncGenerator<Item> {
    let start: Item | undefined;
    do {
      const out: ScanCommandOutput = await this.#client.send(new ScanCommand({
        TableName: this.tableName, ConsistentRead: true, ProjectionExpression: "#k, #role, accountId, #exp, #v, #lu, #ct",
        ExpressionAttributeNames: { "#k": "key", "#role": "roleArn", "#exp": "expiresAt", "#v": "v", "#lu": "leaseUntil", "#ct": "ct" },
        ...(start && { ExclusiveStartKey: start }),
      }), { abortSignal: AbortSignal.timeout(Math.max(this.leaseMs, 30_000)) });
      yield* out.Items ?? [];
      start = out.LastEvaluatedKey;
    } while (start);
  }

  // Every call is bounded by leaseMs, and skipped while the table is known to be failing.
  async #send<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (Date.now() < this.#downUntil) throw new Skipped();
    return run(AbortSignal.timeout(this.leaseMs));
  }

  #unreachable(error: unknown): undefined {
    if (isConditionFailed(error) || error instanceof Skipped) return undefined;
    this.#downUntil = Date.now() + this.leaseMs;
    this.#warnOnce("unreachable", `The shared credential store (DynamoDB table ${this.tableName}) cannot be used (${messageOf(error)}); assuming roles without it.`);
    return undefined;
  }

  #warnOnce(kind: string, message: string): void {
    if (this.#warned.has(kind)) return;
    this.#warned.add(kind);
    this.#warn(message);
  }
}

/** A call not made: the table failed less than leaseMs ago (already warned). */
class Skipped extends Error {}

function withoutCt(): Record<string, string> {
  const { "#ct": _ct, ...rest } = NAMES;
  void _ct;
  return rest;
}

function isConditionFailed(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === "ConditionalCheckFailedException";
}

// The error's name and message only: SDK errors carry no credentials, but never a whole object.
function messageOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
