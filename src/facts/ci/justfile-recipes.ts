// justfile recipes as CI runs them: `just fmt-check` runs the recipe's dependencies (with their arguments, as in
// `fmt-check: (ruff-format "--check") ruff-check`), then its body with `{{ parameter }}` and `{{ variable }}`
// replaced, then its `&&` dependencies. Only what decides which commands run is read: string variables, parameters
// with their defaults, dependencies with arguments, aliases. Other expressions stay as written.

interface JustParameter {
  name: string;
  /** `*name` / `+name`: takes every remaining argument. */
  variadic: boolean;
  default: string | null;
}

interface JustDependency {
  name: string;
  /** Argument expressions as written: quoted strings or names of the calling recipe's parameters. */
  args: string[];
}

interface JustRecipeDefinition {
  parameters: JustParameter[];
  before: JustDependency[];
  body: string[];
  after: JustDependency[];
  /** `[positional-arguments]` (or `set positional-arguments`): the body reads its arguments as `$1`, `$@`. */
  positional: boolean;
}

export interface Justfile {
  recipes: Map<string, JustRecipeDefinition>;
  variables: Map<string, string>;
  aliases: Map<string, string>;
}

const NAME = "[A-Za-z_][\\w-]*";
const HEADER = new RegExp(`^@?(${NAME})((?:\\s+[^:]*?)?)\\s*:(?!=)(.*)$`);
const VARIABLE = new RegExp(`^(?:export\\s+)?(${NAME})\\s*:=\\s*(?:"([^"]*)"|'([^']*)')\\s*(?:#.*)?$`);
const ALIAS = new RegExp(`^alias\\s+(${NAME})\\s*:=\\s*(${NAME})\\s*$`);

/** Splits on blanks outside quotes and parentheses: `(a "x y") b` → [`(a "x y")`, `b`]. */
function words(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let quote: string | null = null;
  let depth = 0;
  for (const char of text) {
    if (quote) {
      current += char;
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === "(") {
      depth += 1;
      current += char;
    } else if (char === ")") {
      depth = Math.max(0, depth - 1);
      current += char;
    } else if (/\s/.test(char) && depth === 0) {
      if (current) out.push(current);
      current = "";
    } else current += char;
  }
  if (current) out.push(current);
  return out;
}

function unquote(text: string): string {
  const quoted = /^"([^"]*)"$|^'([^']*)'$/.exec(text);
  return quoted ? (quoted[1] ?? quoted[2] ?? "") : text;
}

function parseParameter(word: string): JustParameter | null {
  const match = new RegExp(`^([*+]?)\\$?(${NAME})(?:=(.*))?$`).exec(word);
  if (!match?.[2]) return null;
  return {
    name: match[2],
    variadic: match[1] !== "",
    default: match[3] !== undefined ? unquote(match[3]) : null,
  };
}

function parseDependency(word: string): JustDependency | null {
  if (new RegExp(`^${NAME}$`).test(word)) return { name: word, args: [] };
  const call = new RegExp(`^\\((${NAME})\\s*(.*)\\)$`).exec(word);
  return call?.[1] ? { name: call[1], args: words(call[2] ?? "") } : null;
}

/** Reads a justfile's recipes, string variables and aliases. */
export function parseJustfile(text: string): Justfile {
  const justfile: Justfile = { recipes: new Map(), variables: new Map(), aliases: new Map() };
  let current: JustRecipeDefinition | null = null;
  let attributes: string[] = [];
  const positionalEverywhere = /^set\s+positional-arguments(\s*:=\s*true)?\s*$/m.test(text);
  for (const line of text.split("\n")) {
    if (/^\s+\S/.test(line)) {
      const body = line.trim().replace(/^[@-]+/, "");
      if (current && !body.startsWith("#")) current.body.push(body);
      continue;
    }
    current = null;
    if (line.startsWith("[")) {
      attributes.push(line);
      continue;
    }
    if (line.trim() === "" || line.startsWith("#")) continue;
    const variable = VARIABLE.exec(line);
    if (variable?.[1]) {
      justfile.variables.set(variable[1], variable[2] ?? variable[3] ?? "");
      continue;
    }
    const alias = ALIAS.exec(line);
    if (alias?.[1] && alias[2]) {
      justfile.aliases.set(alias[1], alias[2]);
      continue;
    }
    const header = HEADER.exec(line);
    const recipeAttributes = attributes;
    attributes = [];
    if (!header?.[1] || /^(set|import|mod|export|alias)$/.test(header[1])) continue;
    const [beforeText, afterText = ""] = (header[3] ?? "").split("&&", 2);
    current = {
      parameters: words(header[2] ?? "")
        .map(parseParameter)
        .filter((p): p is JustParameter => p !== null),
      before: words(beforeText ?? "")
        .map(parseDependency)
        .filter((d): d is JustDependency => d !== null),
      body: [],
      after: words(afterText)
        .map(parseDependency)
        .filter((d): d is JustDependency => d !== null),
      positional: positionalEverywhere || recipeAttributes.some((a) => /\bpositional-arguments\b/.test(a)),
    };
    justfile.recipes.set(header[1], current);
  }
  return justfile;
}

/**
 * The commands `just <name> <args…>` runs, in order: `just <dependency> <args>` for each dependency (the runner
 * resolves those in turn), then the body with parameters and variables filled in. Null when there is no such recipe.
 */
export function justRecipe(justfile: Justfile | null, name: string, args: string[]): string[] | null {
  if (!justfile) return null;
  const recipe = justfile.recipes.get(justfile.aliases.get(name) ?? name);
  if (!recipe) return null;
  const values = new Map(justfile.variables);
  recipe.parameters.forEach((parameter, index) => {
    const given = parameter.variadic ? args.slice(index) : args.slice(index, index + 1);
    const value = given.length > 0 ? given.join(" ") : parameter.default;
    if (value !== null) values.set(parameter.name, value);
  });
  const expression = (text: string): string => {
    const trimmed = text.trim();
    if (/^"[^"]*"$|^'[^']*'$/.test(trimmed)) return unquote(trimmed);
    return values.get(trimmed) ?? `{{ ${trimmed} }}`;
  };
  const call = (dependency: JustDependency): string =>
    ["just", dependency.name, ...dependency.args.map(expression).filter((arg) => arg !== "")].join(" ");
  const positional = (line: string): string =>
    recipe.positional
      ? line
          .replace(/"\$@"|\$@|"\$\*"|\$\*/g, args.join(" "))
          .replace(/"?\$([1-9])"?/g, (_whole, index: string) => args[Number(index) - 1] ?? "")
      : line;
  const fill = (line: string): string =>
    positional(line)
      .replace(/\{\{(.*?)\}\}/g, (_whole, inner: string) => expression(inner))
      .replace(/\s+/g, " ")
      .trim();
  return [...recipe.before.map(call), ...recipe.body.map(fill), ...recipe.after.map(call)];
}
