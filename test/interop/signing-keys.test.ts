// Session signing keys (src/clients/signing-keys.ts, issue 23) against botocore's SigV4: botocore
// derives kDate, kRegion, kService and kSigning itself for every signature (SigV4Auth.signature).
// The library derives kDate once per credentials and day and shares it between regions, so the
// cases sign, with one credentials object, several regions and services of one day, then another
// day, then other credentials: every signature must be botocore's.
import { Sha256 } from "@smithy/core/checksum";
import { describe, expect, it } from "vitest";
import { signingKey } from "../../src/clients/signing-keys.js";
import { python } from "./clients.js";

const BOTOCORE_SIGNATURES = `
import json, os
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
out = []
for c in json.loads(os.environ["CASES"]):
    request = AWSRequest(method="POST", url="https://example.invalid/")
    request.context["timestamp"] = c["timestamp"]
    creds = Credentials(c["accessKeyId"], c["secretAccessKey"], c["sessionToken"])
    out.append(SigV4Auth(creds, c["service"], c["region"]).signature(c["stringToSign"], request))
print(json.dumps(out))
`;

describe("session signing keys against botocore", () => {
  it("every signature of one account's regions, services and days, and of other credentials, is botocore's", async () => {
    const first = { accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake/secret+one=", sessionToken: "fake-token-one" };
    const second = { accessKeyId: "AKIAFAKEFAKEFAKE0002", secretAccessKey: "fake-secret-two", sessionToken: "fake-token-two" };
    const places = [["us-east-1", "sts"], ["eu-west-1", "rds"], ["eu-west-1", "sts"], ["ap-southeast-2", "ec2"], ["cn-north-1", "rds"], ["us-gov-west-1", "organizations"]] as const;
    const cases = [
      ...places.map(([region, service]) => ({ credentials: first, timestamp: "20261205T120000Z", region, service })),
      ...places.slice(0, 2).map(([region, service]) => ({ credentials: first, timestamp: "20261206T000001Z", region, service })),
      ...places.map(([region, service]) => ({ credentials: second, timestamp: "20261205T235959Z", region, service })),
    ].map((c, i) => ({ ...c, stringToSign: `AWS4-HMAC-SHA256\n${c.timestamp}\n${c.timestamp.slice(0, 8)}/${c.region}/${c.service}/aws4_request\n${String(i).repeat(64).slice(0, 64)}` }));

    const ours: string[] = [];
    for (const c of cases) {
      const key = await signingKey(Sha256, c.credentials, c.timestamp.slice(0, 8), c.region, c.service);
      const hash = new Sha256(key);
      hash.update(Buffer.from(c.stringToSign));
      ours.push(Buffer.from(await hash.digest()).toString("hex"));
    }
    const env = { CASES: JSON.stringify(cases.map(({ credentials, ...rest }) => ({ ...credentials, ...rest }))) };
    const theirs = JSON.parse(await python(BOTOCORE_SIGNATURES, env)) as string[];
    expect(theirs).toHaveLength(cases.length);
    expect(ours).toEqual(theirs);
  });
});
