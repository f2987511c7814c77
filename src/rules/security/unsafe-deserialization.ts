// python/unsafe-deserialization: pickle/dill loads and yaml.load without a safe loader.
import type { SgNode } from "@ast-grep/napi";
import {
  bindingsOf,
  calleeOf,
  enclosingFunction,
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
    "Medium for `Loader=yaml.FullLoader`: since PyYAML 5.4 it refuses the constructors that call code (`!!python/object/apply`) but still resolves Python names, and earlier releases allowed code execution (CVE-2020-14343); the message says so rather than calling it the unsafe loader.",
    "`yaml.load(x)` / `yaml.load_all(x)` with no Loader get a ready-to-apply patch to `yaml.safe_load` / `yaml.safe_load_all`.",
    "A pickle load after an HMAC check in the same function (`hmac.compare_digest`, `hmac.new`, a signer's verify) is not reported: the bytes are the application's own. Bytes read from the application's cache or Redis (`cache.get(key)`), or unpickled by a cache class that pickles the values it stores itself (`ExpireCache.deserialize`), are low: only whoever can write the cache can exploit it, the risk Django's own cache backends (which pickle every value) already accept.",
    'A `yaml` that is not PyYAML as imported (a local such as `yaml = ruamel.yaml.YAML(typ="rt")`, whose `load` builds plain data) is not reported.',
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
        if (verifiedBefore(call)) continue;
        const cached = readFromCache(positionalArgs(call)[0], call) ?? ownCacheCodec(call);
        report({
          node: call,
          message: `${q}() deserializes arbitrary objects${cached ? ` read from ${cached}; anyone who can write that store can run code here` : "; only load trusted, authenticated data"}`,
          key: `deserialize:${q}`,
          severity: cached ? "low" : severity,
        });
      } else if ((YAML_UNSAFE.has(q) || YAML_LOADS.has(q)) && !pyyamlModule(call, imports)) {
        continue;
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
        // FullLoader (PyYAML ≥ 5.1) refuses the constructors that call code (`!!python/object/apply`) since 5.4; it
        // still resolves Python names, and older PyYAML releases let it run code (CVE-2020-1747, CVE-2020-14343).
        const full = loader !== undefined && loader !== null && /(^|\.)C?FullLoader$/.test(loader.text());
        report({
          node: call,
          message: full
            ? `${q}() with ${loader.text()}: it no longer calls Python constructors since PyYAML 5.4 but still resolves Python names, and earlier PyYAML releases let it run code (CVE-2020-14343); use yaml.safe_load unless Python tags are needed`
            : `${q}() without SafeLoader${loader ? ` (Loader=${loader.text()})` : ""}; use yaml.safe_load`,
          key: `deserialize:${q}`,
          severity: full ? "medium" : severity,
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

/**
 * Whether the call's `yaml` is PyYAML as imported (`import yaml`, `from yaml import load`), not a local that shadows
 * it: `yaml = ruamel.yaml.YAML(typ="rt")` then `yaml.load(text)` is ruamel's round-trip loader, which builds plain
 * mappings and sequences only.
 */
function pyyamlModule(call: SgNode, imports: Map<string, string>): boolean {
  const fn = call.field("function");
  const base = fn?.text().replace(/\s+/g, "").split(".")[0] ?? "";
  return imports.has(base) && bindingsOf(base, call).values.length === 0;
}

// An HMAC or signature check: `hmac.compare_digest(sig, expected)`, `hmac.new(key, data, sha256)`, `signer.unsign(…)`.
const VERIFICATION = /\bcompare_digest\s*\(|\bhmac\.new\s*\(|\.(verify\w*|unsign)\s*\(/;

/** Whether the function verifies a signature before this load. */
function verifiedBefore(call: SgNode): boolean {
  const fn = enclosingFunction(call);
  if (!fn) return false;
  return VERIFICATION.test(fn.text().slice(0, call.range().start.index - fn.range().start.index));
}

/**
 * `Cache.deserialize(value)`: the load sits in a class named for a cache whose other methods pickle the values it
 * stores (`pickle.dumps`): it reads back the bytes the cache itself wrote, so the same holds as for a cache read.
 */
function ownCacheCodec(call: SgNode): string | null {
  const cls = call.ancestors().find((a) => a.kind() === "class_definition");
  const name = cls?.field("name")?.text() ?? "";
  if (!cls || !/cache/i.test(name)) return null;
  return /\b(c?pickle|dill)\.dumps?\s*\(/.test(cls.text()) ? `the values ${name} pickled itself` : null;
}

// `cache.get(key)`, `read_cache.get(key)`, `self._backend.get(key)`, `redis.get(key)`, `r.hget(…)`.
const CACHE_READ = /(cache|redis|backend)\w*\.(get|get_many|hget|lpop|rpop|blpop|brpop)$/i;

/** The cache read the loaded bytes come from (`read_cache.get`), directly or through a local, or null. */
function readFromCache(arg: SgNode | undefined, at: SgNode): string | null {
  if (!arg) return null;
  let value: SgNode | undefined = arg;
  if (arg.kind() === "identifier") {
    const { values } = bindingsOf(arg.text(), at);
    value = values[values.length - 1];
  }
  // `x if x else default`
  if (value?.kind() === "conditional_expression") value = value.children().find((c) => c.isNamed());
  const fn = value?.kind() === "call" ? value.field("function")?.text().replace(/\s+/g, "") : undefined;
  return fn && CACHE_READ.test(fn) ? fn : null;
}
