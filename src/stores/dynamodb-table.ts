// createTable(): the store's table, made once and idempotently — partition key "key" (S),
// on-demand billing, TTL on "expiresAt". A table that exists is left as it is (its key schema is
// checked); a server without the TTL API (dynalite 4) is said plainly in the result, not hidden.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
import {
  CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, UpdateTimeToLiveCommand,
  type DynamoDBClient, type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { setTimeout as sleep } from "node:timers/promises";
import { FleetError } from "../errors.js";

/** What {@link createStoreTable} did. */
export interface CreateTableResult {
  /** True when this call created the table; false when it existed. */
  created: boolean;
  /** "enabled": expired items are deleted by DynamoDB; "unsupported": the server has no TTL API. */
  ttl: "enabled" | "unsupported";
  /** A sentence for a human when something is not as it would be on AWS. */
  message?: string;
}

const TTL_ATTRIBUTE = "expiresAt";

function nameOf(error: unknown): string {
  return (error as { name?: string } | null)?.name ?? "";
}

/** Creates (or checks) the table and its TTL; waits for ACTIVE at most `timeoutMs`. */
export async function createStoreTable(client: DynamoDBClient, tableName: string, timeoutMs = 60_000): Promise<CreateTableResult> {
  const deadline = Date.now() + timeoutMs;
  let created = false;
  let table = await describe(client, tableName);
  if (!table) {
    try {
      const out = await client.send(new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: "key", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "key", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }));
      created = true;
      table = out.TableDescription;
    } catch (error) {
      // Another process created it between our DescribeTable and CreateTable.
      if (nameOf(error) !== "ResourceInUseException") throw error;
    }
  }
  for (let delay = 50; table?.TableStatus !== "ACTIVE"; delay = Math.min(delay * 2, 1000)) {
    if (Date.now() >= deadline) {
      throw new FleetError("ERR_TIMEOUT", `DynamoDB table ${tableName} is not ACTIVE after ${timeoutMs} ms (status ${table?.TableStatus ?? "unknown"})`);
    }
    await sleep(delay);
    table = await describe(client, tableName);
  }
  const key = table.KeySchema ?? [];
  if (key.length !== 1 || key[0]?.AttributeName !== "key" || key[0].KeyType !== "HASH") {
    throw new FleetError("ERR_INVALID_INPUT", `DynamoDB table ${tableName} exists with another key schema (${JSON.stringify(key)}); the credential store needs a partition key "key" (S) and no sort key`, { option: "tableName" });
  }
  return { created, ...(await enableTtl(client, tableName)) };
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (nameOf(error) === "ResourceNotFoundException") return undefined;
    throw error;
  }
}

async function enableTtl(client: DynamoDBClient, tableName: string): Promise<Omit<CreateTableResult, "created">> {
  try {
    const now = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const status = now.TimeToLiveDescription?.TimeToLiveStatus;
    const attribute = now.TimeToLiveDescription?.AttributeName;
    if ((status === "ENABLED" || status === "ENABLING") && attribute === TTL_ATTRIBUTE) return { ttl: "enabled" };
    if ((status === "ENABLED" || status === "ENABLING") && attribute !== TTL_ATTRIBUTE) {
      return { ttl: "enabled", message: `TTL on table ${tableName} is on attribute ${attribute}, not ${TTL_ATTRIBUTE}: expired credential items will not be deleted by DynamoDB (they are ignored, and removed by \`sessionfleet cache clear --expired\`)` };
    }
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
    return { ttl: "enabled" };
  } catch (error) {
    // dynalite 4 answers UnknownOperationException: it implements no TTL API at all.
    if (nameOf(error) !== "UnknownOperationException") throw error;
    return {
      ttl: "unsupported",
      message: `This DynamoDB server cannot enable TTL (${nameOf(error)}); expired items stay in table ${tableName} until \`sessionfleet cache clear --expired\` removes them. They are never used: the store reads only items that expire later than the refresh window.`,
    };
  }
}
