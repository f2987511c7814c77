// Refuses user-written regular expressions that can take exponential time (nested or alternated quantified
// groups, backreferences): JavaScript's engine backtracks, so `^(a+)+$` on forty `a`s and a `!` never ends.

/** Why a pattern can backtrack catastrophically, or null when it cannot in the ways checked here. */
export function catastrophicRegexReason(source: string): string | null {
  interface Group {
    quantified: boolean;
    alternated: boolean;
  }
  const stack: Group[] = [{ quantified: false, alternated: false }];
  let lastAtomGroup: Group | null = null;
  let previousWasQuantifier = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? "";
    const top = stack[stack.length - 1] as Group;
    if (c === "\\") {
      const next = source[i + 1] ?? "";
      if (/[1-9]/.test(next) || (next === "k" && source[i + 2] === "<"))
        return "a backreference (\\1, \\k<name>) makes matching exponential in the worst case";
      i++;
      lastAtomGroup = null;
      previousWasQuantifier = false;
      continue;
    }
    if (c === "[") {
      for (i++; i < source.length && source[i] !== "]"; i++) if (source[i] === "\\") i++;
      lastAtomGroup = null;
      previousWasQuantifier = false;
      continue;
    }
    if (c === "(") {
      stack.push({ quantified: false, alternated: false });
      if (source[i + 1] === "?") {
        // (?:  (?=  (?!  (?<=  (?<!  (?<name>
        i +=
          source[i + 2] === "<" && source[i + 3] !== "=" && source[i + 3] !== "!"
            ? source.indexOf(">", i) - i
            : 2;
        if (source[i] === "<") i++;
      }
      lastAtomGroup = null;
      previousWasQuantifier = false;
      continue;
    }
    if (c === ")") {
      const closed = stack.length > 1 ? (stack.pop() as Group) : top;
      const parent = stack[stack.length - 1] as Group;
      if (closed.quantified) parent.quantified = true;
      lastAtomGroup = closed;
      previousWasQuantifier = false;
      continue;
    }
    if (c === "|") {
      top.alternated = true;
      lastAtomGroup = null;
      previousWasQuantifier = false;
      continue;
    }
    const quantifier = c === "*" || c === "+" || (c === "{" && /^\{\d*,?\d*\}/.test(source.slice(i)));
    const lazyMark = c === "?" && previousWasQuantifier;
    if (quantifier || (c === "?" && !lazyMark)) {
      const repeats = c !== "?" && !/^\{\d+\}/.test(source.slice(i)) && !/^\{0?,?1\}/.test(source.slice(i));
      if (repeats && lastAtomGroup && (lastAtomGroup.quantified || lastAtomGroup.alternated))
        return "a repeated group that itself repeats or alternates (like (a+)+ or (a|b)*) can take exponential time";
      if (repeats) top.quantified = true;
      if (c === "{") i = source.indexOf("}", i);
      previousWasQuantifier = true;
      lastAtomGroup = null;
      continue;
    }
    previousWasQuantifier = false;
    lastAtomGroup = null;
  }
  return null;
}
