// The certificate authorities a pool's HTTPS agent trusts.
// - The pool's `ca` option: in addition to Node's own, its roots (tls.rootCertificates) and
//   NODE_EXTRA_CA_CERTS. Node's `ca` alone replaces them (Node's tls.createSecureContext docs:
//   "Mozilla's CAs are completely replaced when CAs are explicitly specified"), which made a
//   proxy's authority cost every endpoint reached directly.
// - Else AWS_CA_BUNDLE, a PEM file, as the AWS CLI and boto3 read it: its certificates instead of
//   the default ones (botocore hands the path to urllib3 as the whole trust store; AWS CLI User
//   Guide, "Environment variables": AWS_CA_BUNDLE "specifies the path to a certificate bundle to
//   use for HTTPS certificate validation"). A file it cannot read is refused when the pool is
//   made, as the AWS CLI refuses it before sending anything.
// - Else Node's default (undefined: the agent's own).
// The CLI also reads the profile's `ca_bundle` (profileCaBundle) and gives it as `ca`.
import { readFileSync } from "node:fs";
import { invalidInput, messageOf } from "../errors.js";
import { nodeTls } from "../node-builtins.js";
import { readProfiles } from "../credentials/shared-profiles.js";

type Ca = string | Buffer | Array<string | Buffer>;

export function trustedAuthorities(ca: Ca | undefined, env: NodeJS.ProcessEnv = process.env): Array<string | Buffer> | undefined {
  if (ca !== undefined) return [...nodeTls().rootCertificates, ...nodeExtraCerts(env), ...(Array.isArray(ca) ? ca : [ca])];
  const bundle = env.AWS_CA_BUNDLE;
  if (bundle === undefined || bundle === "") return undefined;
  return [readBundle(bundle, "AWS_CA_BUNDLE")];
}

/**
 * The certificate authorities of profile `name`'s `ca_bundle` (AWS CLI config setting; the AWS CLI
 * reads AWS_CA_BUNDLE first, so this is undefined while that is set), read as the SDK reads the
 * shared files. A file it cannot read is ERR_INVALID_INPUT naming the profile.
 */
export async function profileCaBundle(name: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer | undefined> {
  if (env.AWS_CA_BUNDLE) return undefined;
  const path = (await readProfiles(name, env))[name]?.ca_bundle;
  return path ? readBundle(path, `ca_bundle (of profile "${name}")`) : undefined;
}

function readBundle(path: string, option: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw invalidInput(option, path, `a readable PEM file of certificate authorities (${messageOf(error)})`);
  }
}

/** NODE_EXTRA_CA_CERTS, which Node added to its own store at start-up; nothing if unreadable (Node warned then). */
function nodeExtraCerts(env: NodeJS.ProcessEnv): Buffer[] {
  const path = env.NODE_EXTRA_CA_CERTS;
  if (path === undefined || path === "") return [];
  try {
    return [readFileSync(path)];
  } catch {
    return [];
  }
}
