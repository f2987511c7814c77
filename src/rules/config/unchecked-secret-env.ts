// go/unchecked-secret-env: a secret (signing key, password, token) read with os.Getenv and used without checking
// that it is set, so a missing variable silently becomes an empty key.
import type { SgNode } from "@ast-grep/napi";
import {
  callArguments,
  enclosingFunction,
  findKind,
  importMap,
  isPackageCall,
  stringValue,
} from "../../facts/go/syntax.js";
import {
  NOT_SECRET_ENV_NAME as NOT_SECRET,
  SECRET_ENV_NAME as SECRET_NAME,
} from "../../facts/env/secret-names.js";
import { oneOffKind } from "../../facts/one-off-code.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";
import { escapeRegExp } from "../../util/escape-reg-exp.js";

/** Whether the function tests the variable for emptiness or presence (`x == ""`, `len(x)`, `x != ""`, a validator). */
function checksValue(fn: SgNode, variable: string): boolean {
  const text = fn.text();
  const v = escapeRegExp(variable);
  return new RegExp(
    `\\b${v}\\s*[!=]=\\s*""|""\\s*[!=]=\\s*${v}\\b|len\\(\\s*${v}\\s*\\)|\\b${v}\\s*==\\s*nil|cmp\\.Or\\([^)]*\\b${v}\\b|\\b(?:must|require|validate|check)\\w*\\(\\s*${v}\\b`,
    "i",
  ).test(text);
}

export default defineRule({
  id: "go/unchecked-secret-env",
  area: "config",
  severity: "medium",
  title: "Secret read from the environment without checking it is set",
  effortMinutes: 10,
  confidence: "heuristic",
  languages: ["go"],
  prefilter: /os\.Getenv\(/,
  docs: {
    rationale:
      "os.Getenv returns an empty string for a variable that is not set. A signing key, password or token read that way and used directly makes a deployment that forgot the variable start normally — with an empty secret.",
    impact:
      "Tokens signed with an empty key can be forged by anyone, and an empty password or API key either locks the app out or opens it, depending on the library; nothing in the logs says why.",
    fix: 'Read required secrets once at start-up and stop when they are missing (`if secret == "" { log.Fatal("JWT_SECRET is not set") }`), or use a config loader that validates required fields.',
    example: {
      language: "go",
      bad: 'func signer() *jwtauth.JWTAuth {\n\treturn jwtauth.New("HS256", []byte(os.Getenv("JWT_SECRET")), nil)\n}',
      good: 'func signer() *jwtauth.JWTAuth {\n\tsecret := os.Getenv("JWT_SECRET")\n\tif secret == "" {\n\t\tlog.Fatal("JWT_SECRET is not set")\n\t}\n\treturn jwtauth.New("HS256", []byte(secret), nil)\n}',
    },
  },
  notes: [
    'An `os.Getenv("NAME")` whose name says secret (SECRET, SECRET_KEY, JWT_SECRET, SIGNING_KEY, ENCRYPTION_KEY, PASSWORD, API_KEY, TOKEN, HMAC/SESSION/PRIVATE_KEY; not *_FILE, *_PATH, *_URL, *_ID, PUBLIC…), either used inline (passed straight to a call) or assigned to a variable that the function never compares with "", measures with len(), defaults with cmp.Or or hands to a must/require/validate/check function. `os.LookupEnv` is a presence check and never reported.',
    "Tests, examples, scripts and tools are skipped. Medium and heuristic: the value may be checked by the caller or a later validation the rule does not follow.",
  ],
  applies(facts) {
    if (!facts.env) return { status: "unknown", reason: "environment reads were not collected" };
    return facts.env.reads.some(
      (read) => read.path.endsWith(".go") && SECRET_NAME.test(read.name) && !NOT_SECRET.test(read.name),
    )
      ? true
      : { status: "not-applicable", reason: "no Go code reads a secret-named environment variable" };
  },
  checkFile({ tree, path, report }) {
    if (!tree || oneOffKind(path) !== null || isExamplePath(path)) return;
    const imports = importMap(tree);
    for (const call of findKind(tree, "call_expression")) {
      if (!isPackageCall(call, imports, "os", ["Getenv"])) continue;
      const name = stringValue(callArguments(call)[0] ?? call);
      if (!name || !SECRET_NAME.test(name) || NOT_SECRET.test(name)) continue;
      const fn = enclosingFunction(call);
      if (!fn) continue;
      const parent = call.parent();
      const grand = parent?.parent();
      let variable: string | null = null;
      if (parent?.kind() === "expression_list") {
        if (grand?.kind() !== "short_var_declaration" && grand?.kind() !== "assignment_statement") continue;
        variable =
          grand
            .field("left")
            ?.children()
            .find((c) => c.isNamed())
            ?.text() ?? null;
        if (variable === null || variable === "_" || checksValue(fn, variable)) continue;
      } else if (parent?.kind() !== "argument_list" && parent?.kind() !== "type_conversion_expression")
        continue;
      report({
        node: call,
        message: `${name} is read with os.Getenv and used${variable ? ` (as ${variable})` : ""} without checking it is set: a missing variable becomes an empty secret`,
        key: `${name}`,
      });
    }
  },
});
