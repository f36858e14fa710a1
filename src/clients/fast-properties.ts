// The SDK's resolved client config is a "dictionary-mode" object in V8: ~45 properties put on one
// object by a chain of Object.assign calls (@smithy/core resolve*Config) and `credentials` redefined
// as an accessor (@aws-sdk/core resolveAwsSdkSigV4Config). Every request spreads it three times
// (`{ ...config, ...context }` in @smithy/core/schema's serializer and deserializer middleware and
// `{ ...config }` in @smithy/core/endpoints' endpoint middleware), and a spread of a dictionary-mode
// object of that size costs 12–20 µs on the benchmark machine against ~2 µs once V8 has turned it
// back into a fast-mode object (test/session/fast-properties.test.ts checks %HasFastProperties).
//
// V8 turns a dictionary-mode object into a fast one when it is the prototype of an object whose
// property load goes through an inline cache (JSObject::MakePrototypesFast; the `to-fast-properties`
// package used by Babel relies on the same). Inline caches exist only once a function has run a
// few times (V8's lazy feedback allocation), hence the loop. The object is unchanged to JavaScript:
// same properties, values, accessors and identity; where V8 does not do it, only speed differs.

function load(child: { constructor?: unknown }): unknown {
  return child.constructor;
}

/** Asks V8 to give `object` fast properties again; returns it. */
export function withFastProperties<T extends object>(object: T): T {
  const child = Object.create(object) as { constructor?: unknown };
  for (let i = 0; i < 16; i++) load(child);
  return object;
}
