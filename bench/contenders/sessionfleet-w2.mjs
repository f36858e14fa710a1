// sessionfleet on 2 worker threads (see workers-contender.mjs).
import { run } from "./workers-contender.mjs";

await run(2);
