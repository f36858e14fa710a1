#!/usr/bin/env node
import { main } from "./main.js";

// The SDK warns on every run under Node 20 about its releases of 2027; a CLI's stderr is for this
// run's failures. Set the variable to "false" to see the warning again.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

process.exitCode = await main(process.argv.slice(2));
// Everything is closed by now; if a stray handle still holds the event loop, do not make the user wait.
setTimeout(() => process.exit(), 1000).unref();
