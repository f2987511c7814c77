// go.mod and go.sum readers (line-wise: neither has a tree-sitter grammar registered).

export interface GoRequire {
  module: string;
  version: string;
  indirect: boolean;
  line: number;
}

export interface GoReplace {
  from: string;
  fromVersion: string | null;
  to: string;
  toVersion: string | null;
  /** A local folder (`../x`, `./x`) rather than a module. */
  local: boolean;
  line: number;
}

export interface GoModFile {
  module: string | null;
  moduleLine: number | null;
  goVersion: string | null;
  goLine: number | null;
  toolchain: string | null;
  requires: GoRequire[];
  replaces: GoReplace[];
}

function stripComment(line: string): { code: string; comment: string } {
  const at = line.indexOf("//");
  return at === -1
    ? { code: line.trim(), comment: "" }
    : { code: line.slice(0, at).trim(), comment: line.slice(at + 2).trim() };
}

function unquote(token: string): string {
  return token.replace(/^["`]|["`]$/g, "");
}

export function parseGoMod(text: string): GoModFile {
  const result: GoModFile = {
    module: null,
    moduleLine: null,
    goVersion: null,
    goLine: null,
    toolchain: null,
    requires: [],
    replaces: [],
  };
  let block: string | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const { code, comment } = stripComment(raw);
    if (code === "") return;
    if (block) {
      if (code === ")") {
        block = null;
        return;
      }
      directive(block, code.split(/\s+/), comment, line);
      return;
    }
    const tokens = code.split(/\s+/);
    const verb = tokens[0] ?? "";
    if (tokens[1] === "(") {
      block = verb;
      return;
    }
    directive(verb, tokens.slice(1), comment, line);
  });
  return result;

  function directive(verb: string, args: string[], comment: string, line: number): void {
    if (verb === "module" && args[0]) {
      result.module = unquote(args[0]);
      result.moduleLine = line;
    } else if (verb === "go" && args[0]) {
      result.goVersion = args[0];
      result.goLine = line;
    } else if (verb === "toolchain" && args[0]) {
      result.toolchain = args[0];
    } else if (verb === "require" && args[0] && args[1]) {
      result.requires.push({
        module: unquote(args[0]),
        version: args[1],
        indirect: /(^|;)\s*indirect\b/.test(comment),
        line,
      });
    } else if (verb === "replace") {
      const arrow = args.indexOf("=>");
      if (arrow < 1) return;
      const left = args.slice(0, arrow);
      const right = args.slice(arrow + 1);
      const to = unquote(right[0] ?? "");
      result.replaces.push({
        from: unquote(left[0] ?? ""),
        fromVersion: left[1] ?? null,
        to,
        toVersion: right[1] ?? null,
        local: to.startsWith(".") || to.startsWith("/"),
        line,
      });
    }
  }
}

export interface GoSumEntry {
  module: string;
  version: string;
  line: number;
}

/** Module versions go.sum records (the `/go.mod`-only hashes are folded into their version). */
export function parseGoSum(text: string): GoSumEntry[] {
  const seen = new Set<string>();
  const entries: GoSumEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const [module, rawVersion] = raw.trim().split(/\s+/);
    if (!module || !rawVersion) return;
    const version = rawVersion.replace(/\/go\.mod$/, "");
    const key = `${module}@${version}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push({ module, version, line: index + 1 });
  });
  return entries;
}
