import { defineConfig } from "vitest/config";

// The interop suite: moto's server, boto3 and the AWS CLI — servers and clients this project did
// not write. Run by `npm run test:interop` (and by .ci/run after `npm test`); `npm test` stays
// Node-only. Files run one at a time: each starts its own moto server, and moto is CPU-hungry.
export default defineConfig({
  test: {
    include: ["test/interop/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    setupFiles: ["test/setup/isolate-env.ts"],
    globalSetup: ["test/setup/build.ts", "test/interop/require-tools.ts"],
  },
});
