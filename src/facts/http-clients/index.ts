// Facts pack `http-clients`: process-wide defaults of outgoing HTTP clients set in code (`axios.defaults.timeout =
// 30_000`): every request of the default instance made in that process is bounded by them, whichever module makes it.
import { defineAnalyzer, defineCollector, definePack } from "../define.js";
import { moduleBindings } from "../node/ast.js";
import { NODE_LANGUAGES } from "../node/imports.js";

/** One assignment of a default timeout to a client's default instance. */
export interface ClientTimeoutDefault {
  path: string;
  line: number;
  client: "axios";
  /** The assigned value as written (`300 * 1000`, `env.TIMEOUT`). */
  value: string;
  isTest: boolean;
}

export interface HttpClientFacts {
  timeoutDefaults: ClientTimeoutDefault[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    httpClients: HttpClientFacts;
  }
}

type FileDefaults = Array<Omit<ClientTimeoutDefault, "path" | "isTest">>;

export const clientDefaultsAnalyzer = defineAnalyzer<FileDefaults>({
  id: "http-client-defaults",
  languages: NODE_LANGUAGES,
  needsTree: true,
  prefilter: (text) => /\.defaults\.timeout\s*=/.test(text) && text.includes("axios"),
  analyze({ tree }) {
    if (!tree) return undefined;
    const axios = moduleBindings(tree, ["axios"]).namespaces;
    const found: FileDefaults = [];
    for (const assignment of tree.findAll({ rule: { kind: "assignment_expression" } })) {
      const left = assignment.field("left");
      if (left?.kind() !== "member_expression" || left.field("property")?.text() !== "timeout") continue;
      const defaults = left.field("object");
      if (defaults?.kind() !== "member_expression" || defaults.field("property")?.text() !== "defaults")
        continue;
      const owner = defaults.field("object");
      // The default instance itself (`axios.defaults`), not an instance made by `axios.create()`.
      if (owner?.kind() !== "identifier" || !axios.has(owner.text())) continue;
      const value = assignment.field("right")?.text() ?? "";
      // `axios.defaults.timeout = 0` turns the limit off.
      if (value === "" || /^0+$/.test(value)) continue;
      found.push({ line: assignment.range().start.line + 1, client: "axios", value });
    }
    return found.length > 0 ? found : undefined;
  },
});

export const httpClientsCollector = defineCollector({
  id: "httpClients",
  collect(ctx) {
    return {
      timeoutDefaults: ctx
        .fileFacts(clientDefaultsAnalyzer)
        .flatMap(({ file, value }) =>
          value.map((site) => ({ ...site, path: file.path, isTest: file.isTest })),
        ),
    };
  },
  memo: {
    analyzers: [clientDefaultsAnalyzer],
    summary: (file) => ({ path: file.path, isTest: file.isTest }),
    inputs: () => null,
  },
});

export default definePack({
  name: "http-clients",
  analyzers: [clientDefaultsAnalyzer],
  collectors: [httpClientsCollector],
});
