// go/json-body-without-limit: an HTTP handler decodes or reads r.Body with no http.MaxBytesReader/io.LimitReader.
import {
  callArguments,
  calleeOf,
  enclosingFunction,
  findKind,
  importMap,
  isExamplePath,
  isPackageCall,
  lineOf,
  parametersOf,
} from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/json-body-without-limit",
  area: "security",
  severity: "medium",
  title: "Request body read without a size limit",
  effortMinutes: 20,
  confidence: "heuristic",
  languages: ["go"],
  prefilter: /\.Body\b/,
  notes: [
    "Looks at functions with an `*http.Request` parameter that pass `<req>.Body` to json.NewDecoder, io.ReadAll or ioutil.ReadAll.",
    "Silent when the file mentions MaxBytesReader or LimitReader anywhere (a limit applied by a wrapper in the same file); a limit applied by middleware elsewhere cannot be seen, hence heuristic.",
    "Lowered to low in examples/, scripts/ and tools/ folders.",
  ],
  docs: {
    rationale: "Without a limit, json.Decoder and io.ReadAll read whatever the client sends into memory.",
    impact: "One large or endless request body exhausts the service's memory (denial of service).",
    fix: "Wrap the body first: `r.Body = http.MaxBytesReader(w, r.Body, 1<<20)`, or apply a body-limit middleware.",
    example: {
      language: "go",
      bad: "func create(w http.ResponseWriter, r *http.Request) {\n\tvar in Input\n\tif err := json.NewDecoder(r.Body).Decode(&in); err != nil { ... }\n}",
      good: "func create(w http.ResponseWriter, r *http.Request) {\n\tr.Body = http.MaxBytesReader(w, r.Body, 1<<20)\n\tvar in Input\n\tif err := json.NewDecoder(r.Body).Decode(&in); err != nil { ... }\n}",
    },
  },
  checkFile({ tree, text, path, report }) {
    if (!tree || /MaxBytesReader|LimitReader|MaxBytesHandler/.test(text)) return;
    const imports = importMap(tree);
    const reported = new Set<number>();
    for (const call of findKind(tree, "call_expression")) {
      const reader =
        isPackageCall(call, imports, "encoding/json", ["NewDecoder"]) ||
        isPackageCall(call, imports, "io", ["ReadAll"]) ||
        isPackageCall(call, imports, "io/ioutil", ["ReadAll"]);
      if (!reader) continue;
      const arg = callArguments(call)[0];
      if (arg?.kind() !== "selector_expression" || arg.field("field")?.text() !== "Body") continue;
      const owner = arg.field("operand")?.text();
      let fn = enclosingFunction(call);
      while (fn && !parametersOf(fn).some((p) => p.name === owner && /^\*\s*http\.Request$/.test(p.type)))
        fn = enclosingFunction(fn);
      if (!fn || reported.has(lineOf(fn))) continue;
      reported.add(lineOf(fn));
      const what = calleeOf(call)?.name === "NewDecoder" ? "json.NewDecoder" : "io.ReadAll";
      report({
        node: call,
        message: `${what}(${owner}.Body) reads the request body with no size limit (http.MaxBytesReader)`,
        key: `body-limit:${what}`,
        severity: isExamplePath(path) ? "low" : undefined,
      });
    }
  },
});
