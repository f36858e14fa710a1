// SDK packages resolve to CommonJS under Node. Loading them with an ESM named import makes Node
// scan each whole file for its export names; `require` skips that scan. Measured on the
// benchmark machine: importing sessionfleet went from 1.4x to 0.9x the cost of importing
// @aws-sdk/client-sts alone (bench/import-cost.mjs). Modules are loaded on first use.
import { createRequire } from "node:module";

/** `require` for the SDK's CommonJS entry points, resolved from this package. */
export const sdkRequire = createRequire(import.meta.url);
