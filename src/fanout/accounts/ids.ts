// Organizations parent ids: OUs (ou-xxxx-yyyyyyyy) and roots (r-xxxx).
const PARENT_ID = /^(?:ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;

/** True for an OU id such as `ou-abcd-12345678` or a root id such as `r-abcd`. */
export function isParentId(value: unknown): value is string {
  return typeof value === "string" && PARENT_ID.test(value);
}

export const PARENT_ID_EXPECTED = "an OU id such as \"ou-abcd-12345678\" or a root id such as \"r-abcd\"";
