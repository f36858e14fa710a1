// The key of CredentialSession's run-owned child method, kept out of src/index.ts: only fan-out
// (and test fakes of a session) use it.

/**
 * `session[unsharedChild](options)`: a child like `session.assumeRole(options)` gives, except that
 * the parent does not cache it, so nobody else can get it and whoever made it owns it and may
 * close it (a fan-out run closes its children when their last target ends).
 */
export const unsharedChild: unique symbol = Symbol("sessionfleet.unsharedChild");
