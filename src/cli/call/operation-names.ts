// `call` operation names as the AWS CLI spells them: `describe-db-instances` is the SDK's
// DescribeDBInstances. The AWS CLI derives each kebab-case name from the model's operation name
// with botocore's `xform_name(name, "-")`; this is the same algorithm (botocore/__init__.py,
// botocore 1.43: `_first_cap_regex`, `_end_cap_regex`, `_special_case_transform` and the
// prepopulated `_xform_cache` of names the rules get wrong), applied to each exported
// `<Operation>Command` of the client package, so the match is exact, never a guess.

const FIRST_CAP = /(.)([A-Z][a-z]+)/g;
const END_CAP = /([a-z0-9])([A-Z])/g;
// An acronym made plural at the end: GatewayARNs, ListWebACLs, SomeCNAMEs.
const PLURAL_ACRONYM = /[A-Z]{2,}s$/;
// botocore's `_xform_cache` entries for "-": names its regular rules would split wrongly.
const SPECIAL: Readonly<Record<string, string>> = {
  CreateCachediSCSIVolume: "create-cached-iscsi-volume",
  DescribeCachediSCSIVolumes: "describe-cached-iscsi-volumes",
  DescribeStorediSCSIVolumes: "describe-stored-iscsi-volumes",
  CreateStorediSCSIVolume: "create-stored-iscsi-volume",
  ListHITsForQualificationType: "list-hits-for-qualification-type",
  ExecutePartiQLStatement: "execute-partiql-statement",
  ExecutePartiQLTransaction: "execute-partiql-transaction",
  ExecutePartiQLBatch: "execute-partiql-batch",
  AssociateWhatsAppBusinessAccount: "associate-whatsapp-business-account",
  CreateWhatsAppMessageTemplate: "create-whatsapp-message-template",
  CreateWhatsAppMessageTemplateFromLibrary: "create-whatsapp-message-template-from-library",
  CreateWhatsAppMessageTemplateMedia: "create-whatsapp-message-template-media",
  DeleteWhatsAppMessageMedia: "delete-whatsapp-message-media",
  DeleteWhatsAppMessageTemplate: "delete-whatsapp-message-template",
  DisassociateWhatsAppBusinessAccount: "disassociate-whatsapp-business-account",
  GetLinkedWhatsAppBusinessAccount: "get-linked-whatsapp-business-account",
  GetLinkedWhatsAppBusinessAccountPhoneNumber: "get-linked-whatsapp-business-account-phone-number",
  GetOTelEnrichment: "get-otel-enrichment",
  GetWhatsAppMessageMedia: "get-whatsapp-message-media",
  GetWhatsAppMessageTemplate: "get-whatsapp-message-template",
  ListLinkedWhatsAppBusinessAccounts: "list-linked-whatsapp-business-accounts",
  ListWhatsAppMessageTemplates: "list-whatsapp-message-templates",
  ListWhatsAppTemplateLibrary: "list-whatsapp-template-library",
  PostWhatsAppMessageMedia: "post-whatsapp-message-media",
  PutWhatsAppBusinessAccountEventDestinations: "put-whatsapp-business-account-event-destinations",
  SendWhatsAppMessage: "send-whatsapp-message",
  StartOTelEnrichment: "start-otel-enrichment",
  StopOTelEnrichment: "stop-otel-enrichment",
  UpdateWhatsAppMessageTemplate: "update-whatsapp-message-template",
};

/** botocore's `xform_name(name, "-")`: `DescribeDBInstances` → `describe-db-instances`. */
export function cliOperationName(name: string): string {
  if (name.includes("-")) return name;
  const special = SPECIAL[name];
  if (special !== undefined) return special;
  const plural = PLURAL_ACRONYM.exec(name)?.[0];
  const base = plural === undefined ? name : `${name.slice(0, -plural.length)}-${plural.toLowerCase()}`;
  return base.replace(FIRST_CAP, "$1-$2").replace(END_CAP, "$1-$2").toLowerCase();
}

/** The SDK operation among `operations` that the AWS CLI calls `word` (kebab-case), if any. */
export function operationForCliName(word: string, operations: readonly string[]): string | undefined {
  return operations.find((operation) => cliOperationName(operation) === word);
}
