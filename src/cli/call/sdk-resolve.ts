// Where `call` may load an AWS SDK client package from: code that runs as the user, so only
// from places the user (or whoever installed sessionfleet) controls. Node's own resolution walks
// up every parent folder (node_modules in /tmp, in a shared project folder...), so a module
// planted in a shared parent would run as whoever calls from below it. Here:
// 1. sessionfleet's own installation: its package folder's node_modules, then the node_modules
//    folder it was installed into (a project's, or the global one) — nothing above those;
// 2. the working directory's project, only when it is one (a package.json there, a regular file
//    owned by the user) and the package sits in its own node_modules, owned by the user — never a
//    parent folder's.
import { existsSync, lstatSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** sessionfleet's package folder (this file is dist/cli/call/sdk-resolve.js or src/cli/call/sdk-resolve.ts). */
const OWN_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** The node_modules folders of sessionfleet's own installation, nearest first. */
export function ownModuleDirs(root: string = OWN_ROOT): string[] {
  const dirs = [join(root, "node_modules")];
  const parent = dirname(root);
  if (basename(parent) === "node_modules") dirs.push(parent);
  else if (basename(parent).startsWith("@") && basename(dirname(parent)) === "node_modules") dirs.push(dirname(parent));
  return dirs;
}

/** Why the working directory's copy is not used, or undefined when it may be. */
export function projectRefusal(cwd: string, packageDir: string): string | undefined {
  const uid = process.getuid?.();
  for (const path of [join(cwd, "package.json"), packageDir, join(packageDir, "package.json")]) {
    let info;
    try {
      info = lstatSync(path);
    } catch {
      return `${path} is missing`;
    }
    if (path.endsWith("package.json") && !info.isFile()) return `${path} is not a regular file`;
    if (uid !== undefined && info.uid !== uid) return `${path} belongs to another user (uid ${info.uid})`;
  }
  return undefined;
}

/** Loads `packageName` from the places above; undefined when none has it. */
export function requireClientPackage(packageName: string, cwd: string): Record<string, unknown> | undefined {
  const load = (dir: string): Record<string, unknown> => createRequire(join(dir, "package.json"))(dir) as Record<string, unknown>;
  for (const modules of ownModuleDirs()) {
    const dir = join(modules, packageName);
    if (existsSync(join(dir, "package.json"))) return load(dir);
  }
  const dir = join(cwd, "node_modules", packageName);
  if (projectRefusal(cwd, dir) === undefined) return load(dir);
  return undefined;
}
