// An expected store problem (locked, unreachable, too new): one line for the user, no stack.

export class StoreError extends Error {
  override name = "StoreError";
}
