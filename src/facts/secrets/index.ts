// Facts pack: hard-coded secrets in the working tree (known token formats and entropy-checked assignments).
// Values are never stored: each hit carries a masked form and a short hash only.
import { X509Certificate } from "node:crypto";
import { posix } from "node:path";
import { defineAnalyzer, defineCollector, definePack } from "../define.js";
import type { AreaFactEntry } from "../repo-facts.js";
import { securitySignalsAnalyzer, type SecuritySignal } from "./security-signals.js";
import { macFunctions } from "./secret-comparisons.js";
import { SECRET_PREFILTER, detectSecrets, isSecretScanExcluded, type SecretHit } from "./detect.js";
import {
  credentialFileKind,
  isRegistryClientFile,
  registryFileHoldsCredential,
  type CredentialFileKind,
} from "./credential-files.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { goTestHelper } from "../one-off-code.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

export interface SecretEntry extends SecretHit {
  path: string;
}

export interface SecretFacts {
  entries: SecretEntry[];
  /** Files the scan read (every text file of the index except lockfiles). */
  filesScanned: number;
  byKind: Record<string, number>;
  /** Files whose name alone says they hold credentials (SSH private keys, .git-credentials, .netrc, key stores). */
  credentialFiles: Array<{ path: string; kind: CredentialFileKind; isTest: boolean }>;
  /** First place (per file) that starts an HTTP server, applies rate limiting or sets security headers. */
  signals: Array<{ signal: SecuritySignal; path: string; line: number; match: string; isTest: boolean }>;
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    secrets: SecretFacts;
    /**
     * The production functions that compute and return a MAC (Python `pkg.mod.fn`, Elixir `Mod.fun`, Go
     * `dir#fn`): the project's signing helpers, whose results other files compare.
     */
    macFunctions: string[];
  }
}

/** Functions of a Python, Elixir or Go file that compute and return a MAC (secret-comparisons.ts). */
export const macFunctionsAnalyzer = defineAnalyzer<string[]>({
  id: "mac-functions",
  languages: ["python", "elixir", "go"],
  needsTree: true,
  prefilter: (text) =>
    /hmac\.(?:new|HMAC|digest|New)\(|\bHMAC\(|salted_hmac\(|:crypto\.(?:mac|hmac)\(/.test(text),
  analyze({ tree, language, path, isTest }) {
    if (!tree || isTest) return undefined;
    const names = macFunctions(tree, language, path);
    return names.length > 0 ? names : undefined;
  },
});

export const macFunctionsCollector = defineCollector({
  id: "macFunctions",
  collect(ctx) {
    return ctx
      .fileFacts(macFunctionsAnalyzer)
      .flatMap(({ value }) => value)
      .sort(compareCodeUnits);
  },
});

export const secretsAnalyzer = defineAnalyzer<SecretHit[]>({
  id: "secrets",
  languages: "all",
  needsTree: false,
  prefilter: (text, path) => !isSecretScanExcluded(path) && SECRET_PREFILTER.test(text),
  analyze({ lines, text, path, isTest }) {
    // A Go test-harness package (webtests/integrations.go) is test code by its imports, not by its file name.
    const hits = detectSecrets(lines, path, {
      isTest: isTest || (path.endsWith(".go") && goTestHelper(text)),
    });
    return hits.length > 0 ? hits : undefined;
  },
});

export const secretsCollector = defineCollector({
  id: "secrets",
  dependsOn: ["docker"],
  collect(ctx) {
    const entries: SecretEntry[] = [];
    // Compose files that set up local development or tests hold development credentials, whatever their name.
    const devCompose = new Set(
      (ctx.facts.docker?.compose ?? []).filter((c) => c.development).map((c) => c.path),
    );
    for (const { file, value } of ctx.fileFacts(secretsAnalyzer)) {
      for (const hit of value) {
        const production = hit.context === "production-config" || hit.context === "source";
        // The key of a certificate issued to localhost, or by a CA named for tests, serves local test TLS.
        const testCertificate =
          production && hit.kind === "private-key" ? testCertificateBeside(file.path, ctx.index) : null;
        entries.push({
          ...hit,
          path: file.path,
          ...(devCompose.has(file.path) && production ? { context: "test" as const } : {}),
          ...(testCertificate ? { context: "test" as const, local: testCertificate } : {}),
        });
      }
    }
    const byKind: Record<string, number> = {};
    for (const entry of entries) byKind[entry.kind] = (byKind[entry.kind] ?? 0) + 1;
    const filesScanned = ctx.facts.files.filter((file) => !isSecretScanExcluded(file.path)).length;
    const signals: SecretFacts["signals"] = [];
    for (const { file, value } of ctx.fileFacts(securitySignalsAnalyzer)) {
      for (const hit of value) signals.push({ ...hit, path: file.path, isTest: file.isTest });
    }
    const credentialFiles: SecretFacts["credentialFiles"] = [];
    for (const file of ctx.index.files) {
      if (file.skip === "skipped-symlink" || file.skip === "skipped-vendored") continue;
      let kind = credentialFileKind(file.path);
      if (!kind && isRegistryClientFile(file.path) && file.size < 1024 * 1024) {
        const text = ctx.index.read(file.path);
        if (text && registryFileHoldsCredential(file.path, text)) kind = "package-registry-token";
      }
      if (kind)
        credentialFiles.push({ path: file.path, kind, isTest: file.isTest || isExamplePath(file.path) });
    }
    return { entries, filesScanned, byKind, credentialFiles, signals };
  },
});

export default definePack({
  name: "secrets",
  analyzers: [secretsAnalyzer, securitySignalsAnalyzer, macFunctionsAnalyzer],
  collectors: [secretsCollector, macFunctionsCollector],
  describe(facts) {
    const { entries, filesScanned, byKind } = facts.secrets;
    const kinds = Object.entries(byKind)
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([kind, count]) => `${kind} ${count}`)
      .join(", ");
    const production = entries.filter((e) => e.context === "production-config" || e.context === "source");
    return [
      {
        area: "security",
        label: "Secret scan (working tree)",
        value:
          entries.length === 0
            ? `no hard-coded secrets found in ${filesScanned} text files (known token formats and entropy-checked assignments)`
            : `${entries.length} candidate secrets in ${filesScanned} text files (${kinds}); ${production.length} outside tests and examples`,
      },
      ...signalFacts(facts.secrets.signals),
    ];
  },
});

const TEST_ISSUER = /\b(?:test|testing|dev|development|example|dummy|fake|local|self-?signed)\b/i;
const LOCAL_SUBJECT = /^(?:localhost|127\.0\.0\.1|::1|[\w.-]+\.(?:localhost|local|test|example))$/i;

/**
 * For a private key file (`certs/server.key`), what the certificate beside it (the same name with `.crt`, `.cert`
 * or `.pem`) says when it marks the pair as local test TLS: issued to localhost, or by a CA named for tests
 * (`CN = Test CA`); null otherwise.
 */
function testCertificateBeside(
  keyPath: string,
  index: { read(path: string): string | null; files: ReadonlyArray<{ path: string }> },
): string | null {
  const stem = keyPath.replace(/\.(?:key|pem)$/i, "");
  if (stem === keyPath) return null;
  const candidates = new Set([`${stem}.crt`, `${stem}.cert`, `${stem}.pem`, `${stem}-cert.pem`]);
  candidates.delete(keyPath);
  const present = new Set(index.files.map((file) => file.path));
  for (const candidate of candidates) {
    if (!present.has(candidate)) continue;
    const text = index.read(candidate);
    const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text ?? "")?.[0];
    if (!pem) continue;
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      continue;
    }
    const commonName = (dn: string): string => /(?:^|\n)CN=([^\n]*)/.exec(dn)?.[1]?.trim() ?? "";
    const subject = commonName(certificate.subject);
    const issuer = commonName(certificate.issuer);
    const name = posix.basename(candidate);
    if (LOCAL_SUBJECT.test(subject))
      return `the certificate beside it (${name}) is issued to ${subject}: local test TLS`;
    if (TEST_ISSUER.test(issuer))
      return `the certificate beside it (${name}) is issued by "${issuer}": local test TLS`;
  }
  return null;
}

function signalFacts(signals: SecretFacts["signals"]): AreaFactEntry[] {
  const production = signals.filter((s) => !s.isTest);
  const entries: AreaFactEntry[] = [];
  const labels: Record<SecuritySignal, string> = {
    "http-server": "HTTP servers started",
    "rate-limit": "Rate limiting or login lockout",
    "security-headers": "Security headers / CSP",
    "password-check": "Password checks",
    "tls-server": "TLS terminated by the app",
    "plain-http-listener": "Plain HTTP listeners",
    hsts: "Strict-Transport-Security (HSTS)",
  };
  for (const signal of [
    "http-server",
    "rate-limit",
    "security-headers",
    "password-check",
    "tls-server",
    "hsts",
  ] as const) {
    const found = production.filter((s) => s.signal === signal);
    if (found.length === 0) continue;
    const first = found[0]!;
    entries.push({
      area: "security",
      label: labels[signal],
      value:
        found.length === 1
          ? `\`${first.match}\``
          : found
              .slice(0, 5)
              .map((s) => `${s.path}:${s.line} \`${s.match}\``)
              .join(", ") + (found.length > 5 ? `, and ${found.length - 5} more` : ""),
      location: { path: first.path, startLine: first.line, endLine: first.line },
    });
  }
  return entries;
}
