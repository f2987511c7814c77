// Facts pack: environment variables read by the code and those documented in `.env` samples.
import { defineCollector, definePack } from "../define.js";
import { envReadsAnalyzer, type EnvRead } from "./env-reads.js";
import {
  isDotenvShaped,
  isEnvSamplePath,
  isSampleNamedPath,
  parseEnvSample,
  type EnvSampleEntry,
} from "./env-samples.js";
import { secretEnvReadsAnalyzer, type SecretEnvRead } from "./secret-reads.js";

export interface SecretEnvReadSite extends SecretEnvRead {
  path: string;
  isTest: boolean;
}

export interface EnvReadSite extends EnvRead {
  path: string;
  isTest: boolean;
}

export interface EnvFacts {
  reads: EnvReadSite[];
  samples: Array<{ path: string; entries: EnvSampleEntry[] }>;
  /** Variables read by production code, sorted by name. */
  readNames: string[];
  documentedNames: string[];
  /** Python and JS/TS reads of secret-named variables with no default (absent when the analyzer did not run). */
  secretReads?: SecretEnvReadSite[];
  /** Secret names some file checks are set or declares in a validating schema (pydantic-settings, zod/envalid/t3-env), sorted. */
  validatedNames?: string[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    env: EnvFacts;
  }
}

export const envCollector = defineCollector({
  id: "env",
  collect(ctx) {
    const reads: EnvReadSite[] = [];
    for (const { file, value } of ctx.fileFacts(envReadsAnalyzer))
      for (const read of value) reads.push({ ...read, path: file.path, isTest: file.isTest });
    const samples = ctx.index
      .paths((path) => isEnvSamplePath(path) || isSampleNamedPath(path))
      .map((path) => ({ path, text: ctx.index.read(path) ?? "" }))
      .filter(({ path, text }) => isEnvSamplePath(path) || isDotenvShaped(text))
      .map(({ path, text }) => ({ path, entries: parseEnvSample(text) }));
    const readNames = [...new Set(reads.filter((r) => !r.isTest).map((r) => r.name))].sort();
    const documentedNames = [...new Set(samples.flatMap((s) => s.entries.map((e) => e.name)))].sort();
    const secretReads: SecretEnvReadSite[] = [];
    const validated = new Set<string>();
    for (const { file, value } of ctx.fileFacts(secretEnvReadsAnalyzer)) {
      for (const read of value.reads) secretReads.push({ ...read, path: file.path, isTest: file.isTest });
      for (const name of [...value.validated, ...value.checked]) validated.add(name);
    }
    const validatedNames = [...validated].sort();
    return { reads, samples, readNames, documentedNames, secretReads, validatedNames };
  },
});

export default definePack({
  name: "env",
  analyzers: [envReadsAnalyzer, secretEnvReadsAnalyzer],
  collectors: [envCollector],
  describe(facts) {
    const env = facts.env;
    if (env.readNames.length === 0 && env.samples.length === 0) return [];
    const required = [...new Set(env.reads.filter((r) => !r.isTest && r.required).map((r) => r.name))].sort();
    const out = [
      {
        area: "config" as const,
        label: "Environment variables read by code",
        value: env.readNames.length > 0 ? `${env.readNames.length}: ${env.readNames.join(", ")}` : "none",
      },
      {
        area: "config" as const,
        label: "Required at start-up (fail when missing)",
        value: required.length > 0 ? required.join(", ") : "none declared as required",
      },
      {
        area: "config" as const,
        label: "Env samples",
        value:
          env.samples.length > 0
            ? env.samples.map((s) => `${s.path} (${s.entries.length} variables)`).join(", ")
            : "none (.env.example, .env.sample …)",
      },
    ];
    return out;
  },
});
