// Judgement helpers shared by the rules on swallowed errors in JS/TS (node/empty-catch, node/swallowed-errors).

/** Calls whose failure means "not there" or "not that format": parse, decode, storage, optional module or file. */
export const PARSE_OR_PROBE =
  /\b(JSON\.parse|new\s+URL|URL\.parse|decodeURI(Component)?|atob|btoa|localStorage|sessionStorage|structuredClone|require\s*\(|import\s*\(|(stat|lstat|access|exists|realpath|readFile|readdir)(Sync)?\s*\(|execCommand)\b/;
