// Issue 20 B6: `call` takes operation names as the AWS CLI spells them. The kebab-case name is
// botocore's xform_name(name, "-") of the SDK's operation name (the interop suite compares this
// with botocore itself for every operation of the installed clients).
import { DescribeDBInstancesCommand, paginateDescribeDBInstances } from "@aws-sdk/client-rds";
import { describe, expect, it } from "vitest";
import { loadOperation } from "../../src/cli/call/sdk-module.js";
import { cliOperationName } from "../../src/cli/call/operation-names.js";

describe("AWS CLI operation names (issue 20 B6)", () => {
  it("xform_name's cases: acronyms, plural acronyms, botocore's special table", () => {
    expect(["DescribeDBInstances", "DescribeVpcs", "GetCallerIdentity", "ListWebACLs", "DescribeDBClusterSnapshotAttributes", "CreateCachediSCSIVolume", "AssumeRoleWithSAML", "GetSAMLProvider", "ListAccountsForParent"].map(cliOperationName)).toEqual(
      ["describe-db-instances", "describe-vpcs", "get-caller-identity", "list-web-acls", "describe-db-cluster-snapshot-attributes", "create-cached-iscsi-volume", "assume-role-with-saml", "get-saml-provider", "list-accounts-for-parent"],
    );
  });

  it("call rds describe-db-instances loads DescribeDBInstances and its paginator", async () => {
    const operation = await loadOperation("rds", "describe-db-instances");
    expect(operation.Command).toBe(DescribeDBInstancesCommand);
    expect(operation.paginate).toBe(paginateDescribeDBInstances);
  });

  it("a mistyped kebab name is refused before any request, with the kebab spelling as the hint", async () => {
    await expect(loadOperation("rds", "describe-db-instance")).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", message: expect.stringContaining('did you mean "describe-db-instances"?') as unknown });
    await expect(loadOperation("ec2", "describe-vpcs-and-more")).rejects.toMatchObject({ code: "ERR_INVALID_INPUT" });
  });
});
