// Diagnostic contender (issue 23): sessionfleet's sessions and clients without fanOut, p-limit per
// target (sessions-common.mjs). Next to `sessionfleet` it shows what the fan-out engine costs;
// next to `shared-clients`, what sessions and their clients cost.
import { runSessions } from "./sessions-common.mjs";

await runSessions({ prefetch: false });
