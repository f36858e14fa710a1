import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    // The interop suite needs python3, moto, boto3 and the AWS CLI: `npm run test:interop` runs it
    // (vitest.interop.config.ts); `npm test` stays Node and npm only (issue 20).
    exclude: ["**/node_modules/**", "test/interop/**"],
    // Most files wait on child processes, sockets and timers rather than the CPU: vitest's default
    // on a 2-core machine (cores - 1 = one worker) ran them one at a time in 229 s; three workers
    // take 132 s there, with every test green.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests snapshot and restore AWS_* variables themselves; this keeps a developer's real
    // ~/.aws and environment out of every run.
    setupFiles: ["test/setup/isolate-env.ts"],
    globalSetup: ["test/setup/build.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
