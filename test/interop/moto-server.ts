// Starts moto's standalone server (`python3 -m moto.server`) on a free loopback port, for tests
// that run the library, the CLI and real clients against an AWS emulator nobody here wrote.
// moto's documented test keys are `testing`/`testing` (docs.getmoto.org, "Non-Python SDK's /
// Server Mode"); its default account is 123456789012.
import { spawn, type ChildProcess } from "node:child_process";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

export const MOTO_ACCOUNT = "123456789012";
export const MOTO_KEYS = { accessKeyId: "testing", secretAccessKey: "testing" } as const;

export interface MotoServer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** Environment for a client pointed at this server (keys, region, endpoint). */
  env: Record<string, string>;
  /** Runs a Python snippet with boto3 against this server; resolves with its stdout. */
  python(code: string, timeoutMs?: number): Promise<string>;
  /** Clears all of moto's state (POST /moto-api/reset). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const run = promisify(execFile);

/** Starts moto on 127.0.0.1, port 0; rejects if it has not said where it listens within 30 s. */
export async function startMoto(): Promise<MotoServer> {
  const child: ChildProcess = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", PYTHONUNBUFFERED: "1" },
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`moto did not start within 30 s; it said: ${seen.slice(-2000)}`));
    }, 30_000);
    const look = (chunk: Buffer): void => {
      seen += chunk.toString("utf8");
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on("data", look);
    child.stderr?.on("data", look);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`moto exited with ${code} before it started: ${seen.slice(-2000)}`));
    });
  });
  // Keep draining its request log so a full pipe never stalls the server.
  child.stdout?.resume();
  child.stderr?.resume();
  const env = {
    AWS_ACCESS_KEY_ID: MOTO_KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_KEYS.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ENDPOINT_URL: endpoint,
  };
  return {
    endpoint,
    env,
    async python(code: string, timeoutMs = 60_000): Promise<string> {
      const { stdout } = await run("python3", ["-c", code], {
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", AWS_EC2_METADATA_DISABLED: "true", ...env },
      });
      return stdout;
    },
    async reset(): Promise<void> {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: "POST", signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`moto reset answered ${res.status}`);
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      });
    },
  };
}
