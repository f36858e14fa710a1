// The SDK neither retries nor refreshes on an expired-credential answer. This middleware, added to
// every client a session makes, forces one refresh of the session's shared provider (one refresh
// for all calls that failed with the same old key) and retries that call once.
import type { InitializeHandler, InitializeHandlerArguments, InitializeHandlerOutput, MetadataBearer, Pluggable } from "@smithy/types";
import type { RefreshingProvider } from "./refreshing.js";

const EXPIRED_CODES = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired"]);

export function isExpiredCredentialError(error: unknown): boolean {
  if (error === null || typeof error !== "object") return false;
  const { name, Code, code } = error as { name?: unknown; Code?: unknown; code?: unknown };
  return [name, Code, code].some((value) => typeof value === "string" && EXPIRED_CODES.has(value));
}

export function expiredCredentialRetryPlugin(provider: RefreshingProvider): Pluggable<object, MetadataBearer> {
  return {
    applyToStack(stack) {
      stack.add(
        <Output extends MetadataBearer>(next: InitializeHandler<object, Output>) =>
          async (args: InitializeHandlerArguments<object>): Promise<InitializeHandlerOutput<Output>> => {
            // Resolving here (memoized, so cheap) pins the key this attempt signs with.
            const keyBefore = (await provider()).accessKeyId;
            try {
              return await next(args);
            } catch (error) {
              if (!isExpiredCredentialError(error)) throw error;
              const fresh = await provider.forceRefresh(keyBefore);
              if (fresh.accessKeyId === keyBefore) throw error;
              return next(args);
            }
          },
        { step: "initialize", name: "sessionfleetExpiredCredentialRetry", tags: ["SESSIONFLEET"], override: true },
      );
    },
  };
}
