/** Drops undefined fields, so results compare and serialise the same whichever rule built them. */
export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as T;
}
