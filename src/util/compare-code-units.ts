// Locale-independent string order shared by everything that sorts output.

/**
 * Orders two strings by UTF-16 code units, the same on every machine. `localeCompare` (and a collator
 * built from the default locale) follows the `LANG`/`LC_ALL` of the machine — Swedish puts `ä` after
 * `z`, Turkish puts `ı` before `I` — so reports for the same commit would differ between machines.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
