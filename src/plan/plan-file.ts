// The plan file (YAML): stages of items, each item one check the tool decides from the audit's facts. Parsed
// with `yaml` and its line positions, validated by hand so that every error names the file, the line and what
// is allowed.
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
  type YAMLMap,
} from "yaml";

/** Existence checks: the named things exist (or, with `gone: true`, no longer exist). */
export const EXISTENCE_KINDS = [
  "path",
  "module",
  "class",
  "function",
  "route",
  "migration",
  "table",
  "env",
  "dependency",
  "script",
] as const;
export type ExistenceKind = (typeof EXISTENCE_KINDS)[number];

/** Every key that makes an item a check; an item has exactly one. */
export const CHECK_KINDS = [
  ...EXISTENCE_KINDS,
  "config",
  "ci",
  "present",
  "absent",
  "count",
  "rule",
  "implements",
  "uses",
  "coverage",
  "tests",
  "text",
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** How a pattern is matched: a literal text, a regular expression, or an ast-grep pattern (complete code). */
export type MatchMode = "literal" | "regex" | "ast";

export interface PatternSpec {
  pattern: string;
  match: MatchMode;
  /** Path globs the search is limited to (empty: the whole tree, tests included). */
  scope: string[];
  /** ast-grep language for `match: ast` (default: every language of the files in scope that has a grammar). */
  lang: string | null;
}

/** A bound on a count: `<= 5`, `>= 80`, `== 0`. */
export interface Bound {
  op: "<=" | ">=" | "<" | ">" | "==";
  value: number;
}

export type PlanCheck =
  | { kind: ExistenceKind; names: string[]; gone: boolean; scope: string[] }
  | { kind: "config"; key: string; value: string | number | boolean | null; file: string | null }
  | { kind: "ci"; job: string | null; step: string | null; gate: string | null }
  | { kind: "present" | "absent"; spec: PatternSpec }
  | { kind: "count"; spec: PatternSpec; bound: Bound }
  | { kind: "rule"; ruleId: string; scope: string[] }
  | { kind: "implements" | "uses"; module: string; target: string }
  | { kind: "coverage" | "tests"; bound: Bound }
  | { kind: "text"; text: string };

export interface PlanItem {
  /** `1.2`: the stage id and the item's place, unless the file gives one. */
  id: string;
  title: string;
  check: PlanCheck;
  weight: number;
  /** Estimated effort in minutes, or null when not given. */
  effortMinutes: number | null;
  /** The audit area the item belongs to, when given (risk areas are named from it). */
  area: string | null;
  /** Where the item came from in the project's own documents (`docs/plan.md:12`), when given. */
  source: string | null;
  /** Line of the item in the plan file. */
  line: number;
}

export interface PlanStage {
  id: string;
  title: string;
  items: PlanItem[];
  line: number;
}

export interface PlanFile {
  title: string;
  stages: PlanStage[];
}

/** A plan file that cannot be read: names the file, the line and what is allowed. */
export class PlanFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanFileError";
  }
}

const ITEM_KEYS = new Set<string>([
  ...CHECK_KINDS,
  "id",
  "title",
  "weight",
  "effort",
  "area",
  "source",
  "in",
  "gone",
  "match",
  "lang",
  "key",
  "value",
  "file",
  "job",
  "step",
  "gate",
  "module",
  "behaviour",
  "max",
  "min",
]);

/** Parses and validates a plan file; `label` names it in errors. */
export function parsePlanFile(text: string, label: string): PlanFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: YamlNode | null | undefined): number =>
    node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  const fail = (line: number, message: string): never => {
    throw new PlanFileError(`${label}:${line}: ${message}`);
  };
  const firstError = doc.errors[0];
  if (firstError)
    fail(lineCounter.linePos(firstError.pos[0]).line, `not valid YAML: ${firstError.message.split("\n")[0]}`);
  const root = doc.contents;
  if (!isMap(root)) return fail(1, "expected a mapping with `stages:` (a list of stages)");
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (!["plan", "title", "stages", "version"].includes(key))
      fail(lineOf(pair.key as YamlNode), `unknown key \`${key}\`; allowed: plan (or title), version, stages`);
  }
  const stagesNode = root.get("stages", true) as YamlNode | undefined;
  if (!isSeq(stagesNode)) return fail(lineOf(root), "`stages:` must be a list of stages");
  const title = scalarText(root, "plan") ?? scalarText(root, "title") ?? "Plan";
  const stages: PlanStage[] = [];
  const itemIds = new Set<string>();
  stagesNode.items.forEach((stageNode, stageIndex) => {
    const stageLine = lineOf(stageNode as YamlNode);
    if (!isMap(stageNode))
      return fail(stageLine, "a stage must be a mapping with `stage:` (or `title:`) and `items:`");
    for (const pair of stageNode.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!["stage", "id", "title", "items"].includes(key))
        fail(
          lineOf(pair.key as YamlNode),
          `unknown stage key \`${key}\`; allowed: stage (or id), title, items`,
        );
    }
    const id = scalarText(stageNode, "stage") ?? scalarText(stageNode, "id") ?? String(stageIndex + 1);
    const stageTitle = scalarText(stageNode, "title") ?? `Stage ${id}`;
    const itemsNode = stageNode.get("items", true) as YamlNode | undefined;
    if (!isSeq(itemsNode)) return fail(stageLine, `stage ${id}: \`items:\` must be a list`);
    const items = itemsNode.items.map((itemNode, itemIndex) => {
      const itemLine = lineOf(itemNode as YamlNode);
      const item = parseItem(itemNode as YamlNode, `${id}.${itemIndex + 1}`, itemLine, (message) =>
        fail(itemLine, message),
      );
      if (itemIds.has(item.id)) fail(itemLine, `item id \`${item.id}\` is used twice; ids must be unique`);
      itemIds.add(item.id);
      return item;
    });
    stages.push({ id, title: stageTitle, items, line: stageLine });
  });
  return { title, stages };
}

function scalarText(map: YAMLMap, key: string): string | null {
  const value = map.get(key);
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  return null;
}

function parseItem(
  node: YamlNode,
  defaultId: string,
  line: number,
  fail: (message: string) => never,
): PlanItem {
  // A bare string is a free-text item: listed as not decidable, never counted as done.
  if (isScalar(node)) {
    const text = String(node.value ?? "").trim();
    if (!text) fail("an item must not be empty");
    return baseItem(defaultId, text, { kind: "text", text }, line);
  }
  if (!isMap(node))
    return fail("an item must be a mapping (one check key such as `module:`) or a line of text");
  const raw = node.toJSON() as Record<string, unknown>;
  for (const key of Object.keys(raw))
    if (!ITEM_KEYS.has(key))
      fail(
        `unknown item key \`${key}\`; checks: ${CHECK_KINDS.join(", ")}; other keys: id, title, weight, effort, area, source, in, gone, match, lang`,
      );
  const kinds = CHECK_KINDS.filter(
    (kind) => kind in raw && !(kind === "module" && ("implements" in raw || "uses" in raw)),
  );
  if (kinds.length !== 1)
    fail(
      kinds.length === 0
        ? `an item needs one check key: ${CHECK_KINDS.join(", ")}`
        : `an item has one check key, found ${kinds.join(" and ")}`,
    );
  const kind = kinds[0] as CheckKind;
  const scope = stringList(raw.in, "in", fail);
  const check = parseCheck(kind, raw, scope, fail);
  const title = optionalString(raw.title, "title", fail) ?? defaultTitle(check);
  const item = baseItem(optionalString(raw.id, "id", fail) ?? defaultId, title, check, line);
  if (raw.weight !== undefined) {
    if (typeof raw.weight !== "number" || !(raw.weight > 0)) fail("`weight:` must be a number above 0");
    item.weight = raw.weight;
  }
  if (raw.effort !== undefined) item.effortMinutes = parseEffort(raw.effort, fail);
  item.area = optionalString(raw.area, "area", fail);
  item.source = optionalString(raw.source, "source", fail);
  return item;
}

function baseItem(id: string, title: string, check: PlanCheck, line: number): PlanItem {
  return { id, title, check, weight: 1, effortMinutes: null, area: null, source: null, line };
}

function parseCheck(
  kind: CheckKind,
  raw: Record<string, unknown>,
  scope: string[],
  fail: (message: string) => never,
): PlanCheck {
  const value = raw[kind];
  switch (kind) {
    case "config": {
      if (typeof value === "string")
        return {
          kind,
          key: value,
          value: scalarValue(raw.value, fail),
          file: optionalString(raw.file, "file", fail),
        };
      if (isRecord(value) && typeof value.key === "string")
        return {
          kind,
          key: value.key,
          value: scalarValue(value.value, fail),
          file: optionalString(value.file, "file", fail),
        };
      return fail("`config:` takes a key (`my_app.Repo.pool_size`) with an optional `value:` and `file:`");
    }
    case "ci": {
      if (typeof value === "string") return { kind, job: null, step: value, gate: null };
      if (isRecord(value)) {
        const job = optionalString(value.job, "ci.job", fail);
        const step = optionalString(value.step, "ci.step", fail);
        const gate = optionalString(value.gate, "ci.gate", fail);
        if (job || step || gate) return { kind, job, step, gate };
      }
      return fail("`ci:` takes a step text, or `{job: <id or name>}`, `{step: <text>}`, `{gate: <kind>}`");
    }
    case "present":
    case "absent": {
      const spec = patternSpec(value, raw, scope, fail);
      return { kind, spec };
    }
    case "count": {
      if (typeof value === "string") {
        const shorthand = /^\s*(?:count\()?\s*(.+?)\s*\)?\s*(<=|>=|==|<|>)\s*(\d+(?:\.\d+)?)\s*$/.exec(value);
        if (!shorthand) fail("`count:` takes `<pattern> [in <glob>] <= N`, or `{pattern, in, max|min}`");
        const [, body = "", op = "<=", n = "0"] = shorthand as RegExpExecArray;
        const spec = patternSpec(body.replace(/\)$/, ""), raw, scope, fail);
        return { kind, spec, bound: { op: op as Bound["op"], value: Number(n) } };
      }
      if (isRecord(value) && typeof value.pattern === "string") {
        const spec = patternSpec(
          value.pattern,
          { ...raw, ...value },
          stringList(value.in ?? raw.in, "in", fail),
          fail,
        );
        const bound =
          typeof value.max === "number"
            ? { op: "<=" as const, value: value.max }
            : typeof value.min === "number"
              ? { op: ">=" as const, value: value.min }
              : fail("`count:` needs `max:` or `min:`");
        return { kind, spec, bound };
      }
      return fail("`count:` takes `<pattern> [in <glob>] <= N`, or `{pattern, in, max|min}`");
    }
    case "rule": {
      if (typeof value !== "string" || !value.includes("/"))
        fail("`rule:` takes a rule id (`elixir/unsupervised-task`)");
      return { kind, ruleId: value as string, scope };
    }
    case "implements":
    case "uses": {
      const module = typeof raw.module === "string" ? raw.module : null;
      if (!module || typeof value !== "string")
        fail(
          `\`${kind}:\` takes the ${kind === "implements" ? "behaviour or interface" : "module"} with \`module:\` naming the module that ${kind === "implements" ? "implements" : "uses"} it`,
        );
      return { kind, module: module as string, target: value as string };
    }
    case "coverage":
    case "tests":
      return { kind, bound: parseBound(value, kind, fail) };
    case "text":
      if (typeof value !== "string" || !value.trim()) fail("`text:` takes the item's text");
      return { kind, text: (value as string).trim() };
    default: {
      const names = stringList(value, kind, fail);
      if (names.length === 0) fail(`\`${kind}:\` takes a name or a list of names`);
      if (raw.gone !== undefined && typeof raw.gone !== "boolean") fail("`gone:` is true or false");
      return { kind, names, gone: raw.gone === true, scope };
    }
  }
}

/** `Process.sleep in lib/**` (the scope from the text or `in:`), with `match:` and `lang:`. */
function patternSpec(
  value: unknown,
  raw: Record<string, unknown>,
  scope: string[],
  fail: (message: string) => never,
): PatternSpec {
  if (typeof value !== "string" || !value.trim()) return fail("a pattern must be a non-empty text");
  let pattern = value.trim();
  let scoped = scope;
  const inline = /^(.*\S)\s+in\s+(\S*[/*]\S*)$/.exec(pattern);
  if (inline && scope.length === 0) {
    pattern = inline[1] ?? pattern;
    scoped = [inline[2] ?? ""];
  }
  const match = raw.match ?? "literal";
  if (match !== "literal" && match !== "regex" && match !== "ast") fail("`match:` is literal, regex or ast");
  if (match === "regex") {
    try {
      new RegExp(pattern);
    } catch (error) {
      fail(`\`${pattern}\` is not a regular expression: ${(error as Error).message}`);
    }
  }
  return { pattern, match: match as MatchMode, scope: scoped, lang: optionalString(raw.lang, "lang", fail) };
}

function parseBound(value: unknown, key: string, fail: (message: string) => never): Bound {
  if (typeof value === "number") return { op: ">=", value };
  const m = typeof value === "string" ? /^\s*(<=|>=|==|<|>)?\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(value) : null;
  if (!m) return fail(`\`${key}:\` takes a number or a bound such as ">= 80"`);
  return { op: (m[1] ?? ">=") as Bound["op"], value: Number(m[2]) };
}

/** `30m`, `4h`, `2d` (8 hours), `1w` (5 days), or a number of hours. */
export function parseEffort(value: unknown, fail: (message: string) => never): number {
  if (typeof value === "number" && value >= 0) return Math.round(value * 60);
  const m = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w)?\s*$/i.exec(value) : null;
  if (!m) return fail("`effort:` takes a duration: 30m, 4h, 2d, 1w, or a number of hours");
  const n = Number(m[1]);
  const unit = (m[2] ?? "h").toLowerCase();
  const minutes = unit.startsWith("m") ? n : unit === "h" ? n * 60 : unit === "d" ? n * 480 : n * 2400;
  return Math.round(minutes);
}

function stringList(value: unknown, key: string, fail: (message: string) => never): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number"))
    return value.map(String);
  return fail(`\`${key}:\` takes a text or a list of texts`);
}

function optionalString(value: unknown, key: string, fail: (message: string) => never): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number") return String(value);
  return fail(`\`${key}:\` takes a text`);
}

function scalarValue(value: unknown, fail: (message: string) => never): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return fail("`value:` takes a text, a number or true/false");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A title from the check itself when the file gives none. */
export function defaultTitle(check: PlanCheck): string {
  switch (check.kind) {
    case "config":
      return `config ${check.key}${check.value !== null ? ` = ${String(check.value)}` : ""}`;
    case "ci":
      return `CI ${check.job ? `job ${check.job}` : check.gate ? `gate ${check.gate}` : `step ${check.step ?? ""}`}`;
    case "present":
    case "absent":
      return `${check.kind}: ${check.spec.pattern}${check.spec.scope.length ? ` in ${check.spec.scope.join(", ")}` : ""}`;
    case "count":
      return `count(${check.spec.pattern}${check.spec.scope.length ? ` in ${check.spec.scope.join(", ")}` : ""}) ${check.bound.op} ${check.bound.value}`;
    case "rule":
      return `no ${check.ruleId} findings${check.scope.length ? ` in ${check.scope.join(", ")}` : ""}`;
    case "implements":
      return `${check.module} implements ${check.target}`;
    case "uses":
      return `${check.module} uses ${check.target}`;
    case "coverage":
      return `coverage ${check.bound.op} ${check.bound.value}%`;
    case "tests":
      return `test count ${check.bound.op} ${check.bound.value}`;
    case "text":
      return check.text;
    default:
      return `${check.kind} ${check.names.join(", ")}${check.gone ? " is gone" : ""}`;
  }
}
