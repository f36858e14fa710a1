// dynalite (an independent DynamoDB implementation on npm, on LevelDB in memory) on a free
// loopback port, for tests of the shared store: the embedded DynamoDB of `npm test`.
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

export interface Dynalite {
  endpoint: string;
  /** A client with obviously fake keys (dynalite checks none). */
  client(): DynamoDBClient;
  close(): Promise<void>;
}

type Server = { listen(port: number, host: string, cb: () => void): void; address(): AddressInfo; close(cb: (error?: Error) => void): void };

export const FAKE_DYNAMODB_KEYS = { accessKeyId: "AKIAFAKEDYNALITE0001", secretAccessKey: "FAKEdynaliteSECRET" } as const;

/** Starts dynalite on 127.0.0.1:0; tables become ACTIVE at once. */
export async function startDynalite(): Promise<Dynalite> {
  // dynalite is CommonJS without types; createRequire keeps the import honest.
  const dynalite = createRequire(import.meta.url)("dynalite") as (options: Record<string, unknown>) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const clients: DynamoDBClient[] = [];
  return {
    endpoint,
    client() {
      const c = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: FAKE_DYNAMODB_KEYS, maxAttempts: 1 });
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
