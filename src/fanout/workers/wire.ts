// Records across a MessagePort. Structured clone keeps plain values but turns a FleetError
// into a plain Error (losing code, stage, …), so a failure travels as its fields (and its
// classified facts) and is rebuilt as a FleetError in the main thread; its cause keeps name,
// message, code, $fault and $metadata.
import { FleetError, type FleetErrorCode, type FleetStage } from "../../errors.js";
import type { ErrorFacts } from "../../errors-classify.js";
import type { FanOutRecord } from "../types.js";

/** A cause as sent: an error's identifying fields (never its raw response), or a cloneable value. */
type WireCause = { error: { name: string; message: string; fields: Record<string, unknown>; cause?: WireCause } } | { value: unknown };

interface WireError {
  code: FleetErrorCode;
  message: string;
  accountId?: string;
  region?: string;
  roleArn?: string;
  stage?: FleetStage;
  option?: string;
  /** Kind, retryable, HTTP status, AWS code, request id, attempts: as classified in the worker. */
  facts: ErrorFacts;
  cause?: WireCause;
}

/** A record as posted by a worker. */
export type WireRecord = { ok: true; record: FanOutRecord<unknown> } | { ok: false; record: Omit<FanOutRecord<unknown>, "error"> & { error: WireError } };

const CAUSE_FIELDS = ["code", "Code", "$fault", "$metadata", "$retryable"] as const;

/** The record in a postable shape (its value must still be structured-cloneable). */
export function toWire(record: FanOutRecord<unknown>): WireRecord {
  if (record.ok) return { ok: true, record };
  const e = record.error;
  const error: WireError = {
    code: e.code, message: e.message,
    ...(e.accountId !== undefined && { accountId: e.accountId }),
    ...(e.region !== undefined && { region: e.region }),
    ...(e.roleArn !== undefined && { roleArn: e.roleArn }),
    ...(e.stage !== undefined && { stage: e.stage }),
    ...(e.option !== undefined && { option: e.option }),
    facts: {
      kind: e.kind, retryable: e.retryable,
      ...(e.httpStatus !== undefined && { httpStatus: e.httpStatus }),
      ...(e.awsCode !== undefined && { awsCode: e.awsCode }),
      ...(e.requestId !== undefined && { requestId: e.requestId }),
      ...(e.attempts !== undefined && { attempts: e.attempts }),
    },
    ...(e.cause !== undefined && { cause: causeToWire(e.cause, 0) }),
  };
  return { ok: false, record: { ...record, error } };
}

/** The record rebuilt in the main thread: failures carry a FleetError again. */
export function fromWire<T>(wire: WireRecord): FanOutRecord<T> {
  if (wire.ok) return wire.record as FanOutRecord<T>;
  const { error: e, ...rest } = wire.record;
  const { code, message, cause, ...context } = e;
  const error = new FleetError(code, message, { ...context, ...(cause !== undefined && { cause: causeFromWire(cause) }) });
  return { ...rest, ok: false, error } as FanOutRecord<T>;
}

function causeToWire(cause: unknown, depth: number): WireCause {
  if (cause instanceof Error) {
    const fields: Record<string, unknown> = {};
    for (const field of CAUSE_FIELDS) {
      const value = (cause as unknown as Record<string, unknown>)[field];
      if (value !== undefined && cloneable(value)) fields[field] = value;
    }
    const inner = depth < 4 && cause.cause !== undefined ? causeToWire(cause.cause, depth + 1) : undefined;
    return { error: { name: cause.name, message: cause.message, fields, ...(inner && { cause: inner }) } };
  }
  return { value: cloneable(cause) ? cause : String(cause) };
}

function causeFromWire(wire: WireCause): unknown {
  if ("value" in wire) return wire.value;
  const { name, message, fields, cause } = wire.error;
  const error = new Error(message, cause === undefined ? undefined : { cause: causeFromWire(cause) });
  Object.defineProperty(error, "name", { value: name, writable: true, configurable: true });
  Object.assign(error, fields);
  return error;
}

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
