// A client's middleware order worked out once instead of on every send (issue 23). The SDK's
// Client.send calls `command.resolveMiddleware(client.middlewareStack, config, options)`, which
// (@smithy/core/client Command.resolveMiddlewareWithContext) concatenates the client's stack with
// the command's — cloning every entry — and resolves it: normalising every entry, sorting them by
// step and priority, expanding before/after relations, then calling each middleware factory with
// the next handler and this send's context. Only that last loop depends on the send; the order is
// a function of the entries' options. In a fan-out profile the rest was ~110 µs of every target's
// CPU (docs/performance.md).
//
// `compiledStack(stack)` is a stand-in for a client stack that no one changes any more (a shared
// core's, see regional-core.ts): its `concat(commandStack)` records the command's few entries
// (applyToStack, the stack's own cloning hook), looks their options up in a cache of orders, and
// returns a stack whose `resolve` runs only the loop, with the same factories in the same order
// and the send's own context. Each order is computed by the SDK's own stack — the entries are
// added, with marker middlewares, to a stack the client's command made, and resolved — and
// checked once against `concat(...).identify()` of the real stacks; a mismatch, or a stack that
// logs itself (`identifyOnResolve`), keeps the SDK's path for that shape.
import type { MetadataBearer, MiddlewareStack } from "@smithy/types";

type AnyStack = MiddlewareStack<object, MetadataBearer>;
type Factory = (next: unknown, context: unknown) => unknown;

interface Entry {
  readonly relative: boolean;
  readonly middleware: Factory;
  readonly options: Record<string, unknown>;
}

/** The entries of a stack, in the order its own clone would re-add them. */
export function entriesOf(stack: AnyStack): Entry[] {
  const entries: Entry[] = [];
  const recorder = {
    add(middleware: Factory, options: Record<string, unknown>) {
      entries.push({ relative: false, middleware, options });
    },
    addRelativeTo(middleware: Factory, options: Record<string, unknown>) {
      entries.push({ relative: true, middleware, options });
    },
  };
  stack.applyToStack(recorder as unknown as AnyStack);
  return entries;
}

/** What decides an entry's place (tags and the function itself do not). */
function shapeOf(entries: readonly Entry[]): string {
  let key = "";
  for (const { relative, options: o } of entries) {
    key += `${relative ? "r" : "a"}|${String(o.name)}|${String(o.aliases)}|${String(o.step)}|${String(o.priority)}|${String(o.relation)}|${String(o.toMiddleware)}|${String(o.override)};`;
  }
  return key;
}

/** Names as `identify()` prints them (@smithy/core/client getMiddlewareNameWithAliases). */
function nameOf(options: Record<string, unknown>): string {
  const aliases = options.aliases as string[] | undefined;
  return `${(options.name as string | undefined) || "anonymous"}${aliases && aliases.length > 0 ? ` (a.k.a. ${aliases.join(",")})` : ""}`;
}

/**
 * The order in which the SDK's `resolve` would call the factories of `entries` (innermost first),
 * as indexes; undefined when the SDK's own stacks disagree with it.
 */
function orderOf(entries: readonly Entry[], emptyStack: AnyStack, expected: readonly string[]): number[] | undefined {
  const order: number[] = [];
  entries.forEach(({ relative, options }, i) => {
    const marker = (next: unknown) => {
      order.push(i);
      return next;
    };
    const { middleware: _ignored, ...rest } = options;
    if (relative) emptyStack.addRelativeTo(marker as never, rest as never);
    else emptyStack.add(marker as never, rest as never);
  });
  emptyStack.resolve((() => undefined) as never, {} as never);
  const outermostFirst = [...order].reverse();
  const names = outermostFirst.map((i) => nameOf(entries[i]!.options));
  const same = names.length === expected.length && names.every((name, i) => expected[i]!.startsWith(`${name} - `));
  return same ? order : undefined;
}

/**
 * Orders by the shape of the entries they were worked out for: a client stack's, then a command's;
 * null where the SDK's own order disagreed, so that shape keeps the SDK's path. Two levels, so that
 * a send looks up only its command's short shape (a key of the whole stack's ~1 KB was flattened and
 * hashed on every send: ~10 µs of it in a cold process).
 */
const ordersByStack = new Map<string, Map<string, number[] | null>>();
const MAX_ORDERS = 1000;

/**
 * A stand-in for `stack` (which must not change from now on) whose `concat` skips the SDK's
 * per-send cloning and sorting. Everything else is the stack's own.
 */
export function compiledStack(stack: AnyStack): AnyStack {
  if (typeof stack.applyToStack !== "function" || typeof stack.concat !== "function") return stack;
  const own = entriesOf(stack);
  const ownFactories = own.map((e) => e.middleware);
  // Orders are shared by every stack whose entries have the same options: the 10 or 17 regional
  // cores of one client class work each command's order out once, not once per region.
  const ownShape = shapeOf(own);
  const orders = ordersByStack.get(ownShape) ?? new Map<string, number[] | null>();
  if (ordersByStack.size >= MAX_ORDERS) ordersByStack.clear();
  ordersByStack.set(ownShape, orders);
  return {
    ...stack,
    concat(commandStack: AnyStack) {
      if (stack.identifyOnResolve() || commandStack.identifyOnResolve?.() || typeof commandStack.applyToStack !== "function") return stack.concat(commandStack);
      const theirs = entriesOf(commandStack);
      const shape = shapeOf(theirs);
      let order = orders.get(shape);
      if (order === undefined) {
        // Once per command shape: the SDK's own stacks give the order and check it.
        const expected = stack.concat(commandStack).identify();
        const empty = commandStack.clone();
        for (const { options } of theirs) empty.remove(options.name as string);
        let computed: number[] | undefined;
        try {
          computed = empty.identify().length === 0 ? orderOf([...own, ...theirs], empty, expected) : undefined;
        } catch {
          // A relation to a middleware that is not there: the SDK's path says so in its own words.
        }
        // Shapes come from code, so there are few; a stack that names middleware per send would
        // make new ones without end, and the cache starts over rather than grow.
        if (orders.size >= MAX_ORDERS) orders.clear();
        orders.set(shape, (order = computed ?? null));
      }
      if (order === null) return stack.concat(commandStack);
      const known = order;
      const ownCount = ownFactories.length;
      return {
        resolve(handler: unknown, context: unknown) {
          for (const i of known) handler = (i < ownCount ? ownFactories[i]! : theirs[i - ownCount]!.middleware)(handler, context);
          return handler;
        },
        identify: () => stack.concat(commandStack).identify(),
        identifyOnResolve: () => false,
      } as unknown as AnyStack;
    },
  } as AnyStack;
}
