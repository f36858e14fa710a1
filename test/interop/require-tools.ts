// The interop suite never skips silently: where python3, moto, boto3 or the AWS CLI is missing it
// fails at once, saying what to install.
import { execFileSync } from "node:child_process";

function probe(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 30_000 }).trim();
  } catch {
    return undefined;
  }
}

export default function requireTools(): void {
  const missing: string[] = [];
  const python = probe("python3", ["-c", "import moto, boto3; print(moto.__version__, boto3.__version__)"]);
  if (python === undefined) missing.push("python3 with moto[server] 5.x and boto3 (pip install 'moto[server]' boto3)");
  if (probe("aws", ["--version"]) === undefined) missing.push("the AWS CLI (pip install awscli)");
  if (missing.length > 0) throw new Error(`npm run test:interop needs ${missing.join(" and ")}; it runs against servers and clients this project did not write and never skips.`);
}
