// python/unsafe-deserialization: pickle/dill loads and yaml.load without a safe loader.
import {
  calleeOf,
  importMap,
  isAuxiliaryPath,
  keywordArg,
  positionalArgs,
} from "../../facts/python/syntax.js";
import { unifiedDiffForEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";

const PICKLE_LOADS = new Set([
  "pickle.loads",
  "pickle.load",
  "pickle.Unpickler",
  "cPickle.loads",
  "cPickle.load",
  "dill.loads",
  "dill.load",
  "jsonpickle.decode",
  "shelve.open",
]);
const YAML_LOADS = new Set(["yaml.load", "yaml.load_all"]);
const YAML_UNSAFE = new Set(["yaml.unsafe_load", "yaml.unsafe_load_all"]);

export default defineRule({
  id: "python/unsafe-deserialization",
  area: "security",
  severity: "high",
  title: "Unsafe deserialization (pickle, yaml.load)",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["python"],
  prefilter: /\b(pickle|cPickle|dill|jsonpickle|shelve|yaml|Unpickler)\b/,
  notes: [
    "pickle/cPickle/dill load(s), pickle.Unpickler, jsonpickle.decode and shelve.open resolved through the file's imports; yaml.load/load_all without a Loader whose name contains `Safe`; yaml.unsafe_load.",
    "`yaml.load(x)` / `yaml.load_all(x)` with no Loader get a ready-to-apply patch to `yaml.safe_load` / `yaml.safe_load_all`.",
    "marshal is not reported (it loads bytecode, and the standard library uses it for .pyc files). Lowered to medium in examples/, scripts/, tools/ and docs/ folders, where the input is usually the developer's own file.",
  ],
  docs: {
    rationale:
      "Unpickling (and yaml.load with the default or full loader) can construct arbitrary objects and call arbitrary functions while reading.",
    impact:
      "Remote code execution for anyone who can supply or tamper with the serialized bytes (cache entries, uploads, queues).",
    fix: "Exchange data as JSON or with yaml.safe_load; if pickle is unavoidable, only load bytes you signed (HMAC) and verified first.",
    example: {
      language: "python",
      bad: "config = yaml.load(stream)\njob = pickle.loads(redis.get(key))",
      good: "config = yaml.safe_load(stream)\njob = json.loads(redis.get(key))",
    },
  },
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const severity = isAuxiliaryPath(path) ? "medium" : undefined;
    for (const call of tree.findAll({ rule: { kind: "call" } })) {
      const callee = calleeOf(call, imports);
      if (!callee) continue;
      const q = callee.qualified;
      if (PICKLE_LOADS.has(q)) {
        report({
          node: call,
          message: `${q}() deserializes arbitrary objects; only load trusted, authenticated data`,
          key: `deserialize:${q}`,
          severity,
        });
      } else if (YAML_UNSAFE.has(q)) {
        report({
          node: call,
          message: `${q}() constructs arbitrary Python objects; use yaml.safe_load`,
          key: `deserialize:${q}`,
          severity,
        });
      } else if (YAML_LOADS.has(q)) {
        const loader = keywordArg(call, "Loader") ?? positionalArgs(call)[1];
        if (loader && /Safe|BaseLoader/.test(loader.text())) continue;
        // `yaml.load(stream)` spelled out becomes `yaml.safe_load(stream)`: a mechanical, ready-to-apply fix.
        const fn = call.field("function");
        const mechanical = !loader && fn !== null && /^yaml\.load(_all)?$/.test(fn.text());
        report({
          node: call,
          message: `${q}() without SafeLoader${loader ? ` (Loader=${loader.text()})` : ""}; use yaml.safe_load`,
          key: `deserialize:${q}`,
          severity,
          patch: mechanical
            ? unifiedDiffForEdit(
                path,
                text,
                fn.range().start.index,
                fn.range().end.index,
                fn.text().replace("load", "safe_load"),
              )
            : null,
        });
      }
    }
  },
});
