// Text to match literally inside a regular expression built at run time (`/` escaped too, for literal-form use).

/** `a.b(c)` → `a\.b\(c\)`. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
