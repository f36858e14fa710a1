// Child processes of the benchmark: the sandbox (long-lived, driven over IPC) and one fresh
// process per contender run.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const BENCH = fileURLToPath(new URL("..", import.meta.url));

/** The environment of every child: no AWS settings from this machine, no SDK Node-version banner. */
export function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_") && k !== "NODE_OPTIONS") env[k] = v;
  return {
    ...env,
    AWS_CONFIG_FILE: "/nonexistent/sessionfleet-bench/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/sessionfleet-bench/credentials",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extra,
  };
}

/** Starts bench/sandbox-server.mjs; returns an RPC function and a close(). */
export function startSandboxProcess() {
  const child = fork(`${BENCH}sandbox-server.mjs`, [], { env: childEnv(), stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pending = new Map();
  let nextId = 1;
  child.on("message", (/** @type {any} */ { id, value, error }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (error) p?.reject(new Error(`sandbox: ${error}`));
    else p?.resolve(value);
  });
  child.on("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`sandbox process exited (${code})`));
    pending.clear();
  });
  const call = (op, args = {}) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    child.send({ id, op, ...args });
  });
  return {
    call,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      await call("close").catch(() => {});
      await exited;
    },
  };
}

/**
 * Runs one contender in a fresh process and resolves with what it measured
 * ({ wallMs, cpuMs, setupCpuMs, peakRssMb, results }), or rejects when it fails or times out.
 */
export function runContender(name, jobSpec, { execArgv = [], timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(`${BENCH}contenders/${name}.mjs`, [], {
      env: childEnv({ BENCH_JOB: JSON.stringify(jobSpec) }),
      execArgv,
      stdio: ["ignore", "inherit", "pipe", "ipc"],
    });
    let stderr = "";
    let measured;
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("message", (message) => {
      measured = message;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (measured && code === 0) resolve(measured);
      else reject(new Error(`${name} ${signal ? `was killed (${signal})` : `exited with ${code}`}${stderr ? `:\n${stderr.trim().split("\n").slice(0, 8).join("\n")}` : ""}`));
    });
  });
}
