// sessionfleet on 1 worker thread (see workers-contender.mjs).
import { run } from "./workers-contender.mjs";

await run(1);
