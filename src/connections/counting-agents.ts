// Keep-alive agents that count the sockets they create, so pool.stats() can say how many TCP
// connections a run really opened. Node's Agent has no "socket created" event; createConnection
// is the one place every new socket passes through.
import type { Agent as HttpAgent, AgentOptions } from "node:http";
import type { Agent as HttpsAgent, AgentOptions as HttpsAgentOptions } from "node:https";
import type { Socket } from "node:net";
import { nodeHttp, nodeHttps } from "../node-builtins.js";

export interface HostCounters {
  socketsCreated: number;
  requests: number;
  /** Live sockets; one destroyed but not yet closed no longer counts as open. */
  readonly sockets: Set<Socket>;
}

export class SocketCounter {
  readonly byHost = new Map<string, HostCounters>();

  host(host: string): HostCounters {
    let counters = this.byHost.get(host);
    if (!counters) {
      counters = { socketsCreated: 0, requests: 0, sockets: new Set() };
      this.byHost.set(host, counters);
    }
    return counters;
  }

  track(socket: Socket, host: string): void {
    const counters = this.host(host);
    counters.socketsCreated++;
    counters.sockets.add(socket);
    socket.once("close", () => counters.sockets.delete(socket));
  }
}

type ConnectionOptions = { host?: string | null; hostname?: string | null; port?: number | string | null };
// A socket returned at once, or (a proxy's tunnel) handed to the callback later.
type CreateConnection = (options: ConnectionOptions, callback?: (error: Error | null, socket?: Socket) => void) => Socket | undefined;

function hostKey(options: ConnectionOptions): string {
  return `${options.hostname ?? options.host ?? "localhost"}:${options.port ?? ""}`;
}

function counting<A extends HttpAgent>(agent: A, counter: SocketCounter): A {
  const target = agent as unknown as { createConnection: CreateConnection };
  const original = target.createConnection.bind(agent);
  target.createConnection = (options, callback) => {
    const later = (error: Error | null, socket?: Socket): void => {
      if (socket) counter.track(socket, hostKey(options));
      callback?.(error, socket);
    };
    const socket = original(options, later);
    if (socket) counter.track(socket, hostKey(options));
    return socket;
  };
  return agent;
}

/** `setUp` changes the agent before it is counted (a proxy's forwarding or tunnels). */
export function countingHttpAgent(options: AgentOptions, counter: SocketCounter, setUp?: (agent: HttpAgent) => void): HttpAgent {
  const agent = new (nodeHttp().Agent)(options);
  setUp?.(agent);
  return counting(agent, counter);
}

export function countingHttpsAgent(options: HttpsAgentOptions, counter: SocketCounter, setUp?: (agent: HttpsAgent) => void): HttpsAgent {
  const agent = new (nodeHttps().Agent)(options);
  setUp?.(agent);
  return counting(agent, counter);
}

/** Sockets parked idle in an agent's free list. */
export function idleSockets(agent: HttpAgent): number {
  let idle = 0;
  for (const list of Object.values(agent.freeSockets)) for (const socket of list ?? []) if (!socket.destroyed) idle++;
  return idle;
}

export function openSockets(counters: HostCounters): number {
  let open = 0;
  for (const socket of counters.sockets) if (!socket.destroyed) open++;
  return open;
}
