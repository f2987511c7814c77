// Secret-named environment variables read in Python and JS/TS with no value guaranteed: `os.environ.get("X")` /
// `os.getenv("X")` without a default, `process.env.X` without `??`/`||` — and whether the file checks the value is
// set (`if not X: raise`, `if (!process.env.X) throw`, an assert, a list of required names), or declares the
// variable in a validating schema (pydantic-settings, zod/envalid/t3-env).
import type { SgNode } from "@ast-grep/napi";
import { escapeRegExp as escape } from "../../util/escape-reg-exp.js";
import type { Language } from "../../model/language.js";
import { defineAnalyzer } from "../define.js";
import { findEnvReads } from "./env-reads.js";
import { isAppSecretEnvName } from "./secret-names.js";

export interface SecretEnvRead {
  name: string;
  line: number;
  /** How the value is used: passed straight to a call or an option ("inline"), or kept in a variable (its text). */
  usedAs: "inline" | { variable: string };
  /** The read as written. */
  call: string;
  /** The file checks the variable (or the name) is set. */
  checked: boolean;
  /**
   * The feature flag of an enclosing `if` (`if ENABLE_TRELLO_IMPORTER:`, `if (config.sso.enabled)`): the secret is
   * read only when an optional feature is turned on. Absent when no flag guards it.
   */
  gatedBy?: string;
}

export interface SecretEnvFileFacts {
  reads: SecretEnvRead[];
  /** Secret names this file checks are set (`if (!process.env.X) throw`), wherever it uses them. */
  checked: string[];
  /** Names this file declares in a validating schema (BaseSettings fields upper-cased, createEnv/cleanEnv/zod keys). */
  validated: string[];
}

// Calls that check what they are given rather than use it as a key.
const CHECKER =
  /(^|\.)(assert\w*|require\w*|must\w*|check\w*|validate\w*|ensure\w*|invariant|Boolean|bool|len|isinstance|parse|safeParse|parseAsync|safeParseAsync|cleanEnv|createEnv)$/i;

/** What a read's value flows into, after unwrapping parentheses, `!`, `as string`. */
function useOf(node: SgNode): {
  kind: "inline" | "variable" | "other";
  target: string | null;
  via: SgNode | null;
} {
  let at: SgNode = node;
  let parent = at.parent();
  for (;;) {
    if (!parent) break;
    const wrapper = String(parent.kind());
    if (
      ["parenthesized_expression", "non_null_expression", "as_expression", "satisfies_expression"].includes(
        wrapper,
      )
    ) {
      at = parent;
      parent = at.parent();
      continue;
    }
    // `\`Bearer ${process.env.X}\``, `f"{os.getenv('X')}"`: the string built around it carries the value on
    // (an unset variable becomes the text "undefined"/"None" inside it, never an error).
    if ((wrapper === "template_substitution" || wrapper === "interpolation") && parent.parent()) {
      at = parent.parent()!;
      parent = at.parent();
      continue;
    }
    // `os.getenv("X").encode()`, `process.env.X!.trim()`: the method's result carries the value on.
    const call = parent.parent();
    if (
      (wrapper === "attribute" || wrapper === "member_expression") &&
      call &&
      /^call(_expression)?$/.test(String(call.kind()))
    ) {
      at = call;
      parent = at.parent();
      continue;
    }
    break;
  }
  if (!parent) return { kind: "other", target: null, via: null };
  const kind = String(parent.kind());
  if (kind === "arguments" || kind === "argument_list") {
    const call = parent.parent();
    const callee = (call?.field("function") ?? call?.children()[0])?.text() ?? "";
    return CHECKER.test(callee)
      ? { kind: "other", target: null, via: null }
      : { kind: "inline", target: null, via: call };
  }
  if (kind === "pair" || kind === "keyword_argument") {
    // `schema.safeParse({ session: { secret: process.env.X } })`: the object is a schema's input, not a use.
    let outer: SgNode | null = parent.parent();
    while (
      outer &&
      ["object", "pair", "dictionary", "argument_list", "arguments"].includes(String(outer.kind()))
    )
      outer = outer.parent();
    const callee =
      outer && /^call(_expression)?$/.test(String(outer.kind())) ? outer.field("function")?.text() : "";
    return callee && CHECKER.test(callee)
      ? { kind: "other", target: null, via: null }
      : { kind: "inline", target: null, via: parent };
  }
  if (kind === "variable_declarator")
    return { kind: "variable", target: parent.field("name")?.text() ?? null, via: parent };
  if (kind === "assignment" || kind === "assignment_expression") {
    const left = parent.field("left");
    return left && parent.field("right")?.range().start.index === at.range().start.index
      ? { kind: "variable", target: left.text(), via: parent }
      : { kind: "other", target: null, via: null };
  }
  return { kind: "other", target: null, via: null };
}

/** The file tests the variable or the env name: `if not X`, `X is None`, `assert X`, `if (!X)`, `X === undefined`. */
function checkedInFile(text: string, name: string, variable: string | null): boolean {
  const quoted = new RegExp(`["'\`]${escape(name)}["'\`]`, "g");
  // The name written out more than once: a list of required names, an error message, a second lookup.
  if ((text.match(quoted) ?? []).length > 1) return true;
  const subjects = [`process\\.env\\.${escape(name)}`, ...(variable ? [escape(variable)] : [])];
  return subjects.some((v) =>
    new RegExp(
      `\\bif\\s*\\(?\\s*(not\\s+|!\\s*)${v}\\b|${v}\\s+is\\s+(not\\s+)?None|\\bassert\\w*\\s*\\(?\\s*${v}\\b|!\\s*${v}\\b|${v}\\s*(===?|!==?)\\s*(undefined|null|""|'')|\\b(invariant|required?|must\\w*|ensure\\w*)\\(\\s*${v}\\b|if\\s+${v}\\s+is\\s+None`,
    ).test(text),
  );
}

/** The secret-named reads env-reads finds that leave the value unguaranteed, with how each value is used. */
function secretReads(tree: SgNode, text: string, language: Language, checked: Set<string>): SecretEnvRead[] {
  // A file that hands process.env to a schema maps variables for validation; its reads are not uses.
  if (language !== "python" && SCHEMA_INPUT.test(text)) return [];
  const reads: SecretEnvRead[] = [];
  for (const read of findEnvReads(tree, language)) {
    if (!isAppSecretEnvName(read.name)) continue;
    // `os.environ[...]` fails at start; `import.meta.env` is a bundler's build-time value.
    if (read.required || !read.node.text().startsWith(language === "python" ? "" : "process.env")) continue;
    // A default other than None is a different problem (a secret in code, or a deliberate fallback).
    if (read.defaultArgument && read.defaultArgument.text() !== "None") continue;
    const use = useOf(read.node);
    if (checkedInFile(text, read.name, use.target)) checked.add(read.name);
    if (use.kind === "other") continue;
    const gate = featureGate(read.node);
    reads.push({
      name: read.name,
      line: read.line,
      usedAs: use.kind === "variable" && use.target ? { variable: use.target } : "inline",
      call: read.node.text(),
      checked: checkedInFile(text, read.name, use.target),
      ...(gate ? { gatedBy: gate } : {}),
    });
  }
  return reads;
}

/** A name that turns an optional feature on: `ENABLE_X`, `X_ENABLED`, `USE_X`, `enableSso`, `settings.sso.enabled`. */
const FEATURE_FLAG =
  /^(?:[\w.]*\.)?(?:(?:ENABLE|ENABLED|USE|WITH)_\w+|\w+_(?:ENABLED|ENABLE|ACTIVE)|(?:enable|use|is)[A-Z]\w*Enabled|enable[A-Z]\w*|enabled)$/;

/**
 * The feature flag of the nearest enclosing `if` whose condition is that flag alone (`if ENABLE_TRELLO_IMPORTER:`,
 * `if (env.SSO_ENABLED)`), with the read in its body: the secret is needed only when the feature is on.
 */
function featureGate(node: SgNode): string | null {
  for (let at = node.parent(); at; at = at.parent()) {
    if (at.kind() !== "if_statement") continue;
    const condition = at.field("condition");
    const flag =
      condition
        ?.text()
        .replace(/^\(\s*|\s*\)$/g, "")
        .trim() ?? "";
    if (!FEATURE_FLAG.test(flag)) continue;
    const body = at.field("consequence");
    if (
      body &&
      body.range().start.index <= node.range().start.index &&
      node.range().end.index <= body.range().end.index
    )
      return flag;
  }
  return null;
}

// A file that hands process.env to a schema (`createEnv({ runtimeEnv: { X: process.env.X } })`, `cleanEnv(process.env,
// …)`, `schema.parse(process.env)`).
const SCHEMA_INPUT = /createEnv\(|cleanEnv\(|runtimeEnv|\.(safeParse|parse)\(\s*process\.env\b/;

/** Names declared in a validating schema in this file. */
function validatedNames(tree: SgNode, text: string, language: Language): string[] {
  const names = new Set<string>();
  if (language === "python") {
    if (!/BaseSettings/.test(text)) return [];
    for (const cls of tree.findAll({ rule: { kind: "class_definition" } })) {
      if (!/BaseSettings/.test(cls.field("superclasses")?.text() ?? "")) continue;
      for (const m of (cls.field("body")?.text() ?? "").matchAll(/^\s*([A-Za-z_]\w*)\s*:/gm))
        names.add(m[1]!.toUpperCase());
    }
  } else if (/createEnv|cleanEnv|envalid|z\.object|envSchema|Joi\.object|@t3-oss/.test(text)) {
    for (const m of text.matchAll(/\b([A-Z][A-Z0-9_]{2,})\s*:/g)) names.add(m[1]!);
  }
  return [...names];
}

export const secretEnvReadsAnalyzer = defineAnalyzer<SecretEnvFileFacts>({
  id: "secret-env-reads",
  languages: ["python", "javascript", "typescript", "tsx"],
  needsTree: true,
  prefilter: (text) =>
    /os\.(getenv|environ)|getenv\(|environ\.get|process\.env|BaseSettings|createEnv|cleanEnv/.test(text),
  analyze({ tree, text, language }) {
    if (!tree) return undefined;
    const checked = new Set<string>();
    const reads = secretReads(tree, text, language, checked);
    const validated = validatedNames(tree, text, language);
    return reads.length > 0 || validated.length > 0 || checked.size > 0
      ? { reads, checked: [...checked], validated }
      : undefined;
  },
});
