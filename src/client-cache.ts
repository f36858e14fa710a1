// One cached SDK client per (class, region, overrides) of a session.
import type { Pluggable } from "@smithy/types";

/**
 * What sessionfleet needs of an AWS SDK v3 client. Its stack takes plugins of any input and output
 * types: a client whose every input has a required member (SSOClient: `accessToken`) has a stack
 * narrower than one of `object` inputs, and a stack type is invariant in them, so `object` here
 * refused such clients (test/session/client-types.test-d.ts).
 */
export interface SdkClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any client's input and output types, see above
  middlewareStack: { use(pluggable: Pluggable<any, any>): void };
  destroy(): void;
}

/** Any AWS SDK v3 client class, e.g. `RDSClient`; `A` is its constructor arguments. */
export type ClientClass<C extends SdkClient, A extends unknown[]> = new (...args: A) => C;

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

/** A stable key for client overrides: plain data by value, functions and class instances by identity. */
export function overridesKey(overrides: Record<string, unknown>): string {
  // Most clients have none: skip the stringify (it ran for every session.client() call).
  if (Object.keys(overrides).length === 0) return "{}";
  return JSON.stringify(overrides, (_key, value: unknown) => {
    if (typeof value === "function" || (value !== null && typeof value === "object" && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype)) {
      let id = objectIds.get(value as object);
      if (id === undefined) {
        id = nextObjectId++;
        objectIds.set(value as object, id);
      }
      return `#ref${id}`;
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return value;
  });
}

export class ClientCache {
  readonly #byClass = new Map<object, Map<string, SdkClient>>();

  get size(): number {
    let size = 0;
    for (const clients of this.#byClass.values()) size += clients.size;
    return size;
  }

  getOrCreate<C extends SdkClient>(ClientClass: object, key: string, create: () => C): C {
    let clients = this.#byClass.get(ClientClass);
    if (!clients) {
      clients = new Map();
      this.#byClass.set(ClientClass, clients);
    }
    let client = clients.get(key) as C | undefined;
    if (!client) {
      client = create();
      clients.set(key, client);
    }
    return client;
  }

  /** Destroys every client. Their shared request handler ignores destroy(), so the pool lives on. */
  destroyAll(): void {
    for (const clients of this.#byClass.values()) for (const client of clients.values()) client.destroy();
    this.#byClass.clear();
  }
}
