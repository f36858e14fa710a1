// A progress bar on stderr for a person at a terminal; nothing at all otherwise. It is cleared
// when the run ends so only the result stays on screen.
import type { OutStream } from "./color.js";

/** Progress as fan-out reports it. */
export interface ProgressEvent {
  done: number;
  total: number;
  failed: number;
}

/** Receives progress; `stop()` clears the bar. */
export interface ProgressSink {
  update(event: ProgressEvent): void;
  stop(): void;
}

const NOOP: ProgressSink = { update() {}, stop() {} };

/** A bar on `stream` when it is a TTY and the run is not `--quiet`; else a no-op sink. */
export async function createProgress(stream: OutStream, enabled: boolean, now: () => number = Date.now): Promise<ProgressSink> {
  if (!enabled || stream.isTTY !== true) return NOOP;
  const { default: cliProgress } = await import("cli-progress");
  const bar = new cliProgress.SingleBar({
    stream: stream as unknown as NodeJS.WritableStream,
    // Our own ETA: cli-progress's reads "NULL" (clipped to "LLs") before it has two samples, which
    // a one-target run never gets.
    format: "{bar} {value}/{total} targets | {failed} failed | {rate}/s | ETA {remaining}",
    clearOnComplete: true,
    hideCursor: true,
    etaBuffer: 50,
    fps: 10,
  }, cliProgress.Presets.shades_classic);
  const started = now();
  let running = false;
  return {
    update({ done, total, failed }) {
      const seconds = (now() - started) / 1000;
      const payload = { failed, rate: seconds > 0 ? (done / seconds).toFixed(1) : "0.0", remaining: eta(done, total, seconds) };
      if (!running) {
        bar.start(total, done, payload);
        running = true;
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

/** Time left at the run's average rate so far: "-" until a target is done, then "12s" or "3m05s". */
export function eta(done: number, total: number, seconds: number): string {
  if (done >= total) return "0s";
  if (done === 0 || seconds <= 0) return "-";
  const left = Math.ceil(((total - done) * seconds) / done);
  return left < 60 ? `${left}s` : `${Math.floor(left / 60)}m${String(left % 60).padStart(2, "0")}s`;
}
