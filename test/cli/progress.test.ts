import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/output/progress.js";

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 120, write: (s: string) => chunks.push(s) > 0 } };
}

describe("progress", () => {
  it("draws done/total, failures, rate and ETA on a TTY, and clears the line at the end", async () => {
    const { chunks, stream } = fakeStream(true);
    let now = 0;
    const progress = await createProgress(stream, true, () => now);
    now = 2000;
    progress.update({ done: 4, total: 10, failed: 1 });
    now = 4000;
    progress.update({ done: 10, total: 10, failed: 2 });
    progress.stop();
    const text = chunks.join("");
    expect(text).toContain("4/10 targets | 1 failed | 2.0/s | ETA");
    // The cursor is shown again and the last write clears the bar's line.
    expect(text).toContain("\u001b[?25h");
    expect(chunks.at(-1)?.endsWith("\u001b[2K")).toBe(true);
  });

  it("writes nothing when the stream is not a TTY or the run is quiet", async () => {
    for (const [tty, enabled] of [[false, true], [true, false]] as const) {
      const { chunks, stream } = fakeStream(tty);
      const progress = await createProgress(stream, enabled);
      progress.update({ done: 1, total: 2, failed: 0 });
      progress.stop();
      expect(chunks).toEqual([]);
    }
  });
});
