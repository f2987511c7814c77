// The verbs of a Go fmt format string (`fmt.Sprintf("… %s … %[2]d", a, b)`) and the argument each one prints, as fmt
// reads them: flags, width and precision (a `*` takes an argument of its own), an explicit `[n]` index that picks the
// argument and sets where the next verbs go on from; `%%` prints a percent sign and takes nothing.

/** One verb of a format string. */
export interface FormatVerb {
  /** Offsets of the verb in the format text. */
  start: number;
  end: number;
  /** The verb's letter: `s`, `d`, `v` … */
  letter: string;
  /** The 0-based index, among the arguments after the format, of the value the verb prints. */
  argument: number;
  /** A `*` width or precision: it takes an argument too, which these indexes do not count. */
  starred: boolean;
}

const VERB = /%[-+# 0]*(\d+|\*)?(\.(\d+|\*))?(\[\d+\])?([a-zA-Z%])/g;

/** Letters that print a number, a boolean, a character code or a Go type name: no text a caller passes comes through. */
export const NON_TEXT_VERB_LETTERS = "dbcoOxXeEfFgGtTU";

/** The verbs of `format` in order, each with the argument it prints. */
export function formatVerbs(format: string): FormatVerb[] {
  const verbs: FormatVerb[] = [];
  let position = 0;
  for (const match of format.matchAll(VERB)) {
    if (match[5] === "%") continue;
    if (match[4]) position = Number(match[4].slice(1, -1)) - 1;
    verbs.push({
      start: match.index,
      end: match.index + match[0].length,
      letter: match[5] ?? "",
      argument: position++,
      starred: match[1] === "*" || match[3] === "*",
    });
  }
  return verbs;
}
