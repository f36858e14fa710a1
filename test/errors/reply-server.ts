// A plain HTTP server that answers every request with one settable reply, standing in for a proxy
// or an emulator, and a session pointed at it (one attempt, a pool of its own).
import { createServer } from "node:http";
import { afterAll, beforeAll } from "vitest";
import { CredentialSession } from "../../src/index.js";

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface ReplyServer {
  /** What the server answers from now on. */
  reply: Reply;
  session: CredentialSession;
  close(): Promise<void>;
}

export async function startReplyServer(): Promise<ReplyServer> {
  const state: ReplyServer = { reply: { status: 200, headers: {}, body: "" } } as ReplyServer;
  const server = createServer((req, res) => {
    req.resume();
    // A reply that says how it is framed (chunked, or no length: read to the close) keeps it.
    const framed = Object.keys(state.reply.headers).some((name) => /^(?:transfer-encoding|connection)$/i.test(name));
    req.on("end", () => res.writeHead(state.reply.status, framed ? state.reply.headers : { ...state.reply.headers, "content-length": Buffer.byteLength(state.reply.body) }).end(state.reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  state.session = new CredentialSession({
    accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake-secret-FAKE", region: "us-east-1",
    clientConfig: { endpoint: `http://127.0.0.1:${address.port}`, maxAttempts: 1 }, pool: {},
  });
  state.close = async () => {
    await state.session.close();
    await new Promise((resolve) => server.close(resolve));
  };
  return state;
}

/**
 * A reply server for the whole test file: started before its tests, closed after them. The
 * handle's `reply` and `session` reach the running server.
 */
export function useReplyServer(): { reply: Reply; readonly session: CredentialSession } {
  let server: ReplyServer | undefined;
  beforeAll(async () => {
    server = await startReplyServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get reply() {
      return server!.reply;
    },
    set reply(value: Reply) {
      server!.reply = value;
    },
    get session() {
      return server!.session;
    },
  };
}
