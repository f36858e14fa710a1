// Diagnostic contender (issue 23): `sessions-plimit` with one change — every account's AssumeRole
// is made (in the same p-limit slots) before the targets run, the order fanOut's engine uses (a
// unit's credentials in a slot of their own, its targets after). Next to `sessions-plimit` it
// shows what that order alone costs, with no fan-out engine code in the process.
import { runSessions } from "./sessions-common.mjs";

await runSessions({ prefetch: true });
