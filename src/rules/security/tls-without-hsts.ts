// security/tls-without-hsts: the app terminates TLS itself (no proxy in front to add the header) and never sends
// Strict-Transport-Security.
import { isBuildPipeline, oneOffKind } from "../../facts/one-off-code.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";

// Libraries that send Strict-Transport-Security by default or by one setting.
const HSTS_PACKAGES = new Set([
  "helmet",
  "@fastify/helmet",
  "fastify-helmet",
  "koa-helmet",
  "hono-secure-headers",
  "flask-talisman",
  "talisman",
  "secure",
  "github.com/unrolled/secure",
]);

export default defineRule({
  id: "security/tls-without-hsts",
  area: "security",
  severity: "medium",
  title: "App serves HTTPS itself but never sends HSTS",
  effortMinutes: 15,
  confidence: "heuristic",
  docs: {
    rationale:
      "When the app terminates TLS itself there is no proxy in front of it to add Strict-Transport-Security. Without that header a browser that once reached the site over HTTPS will still try plain HTTP first on the next visit.",
    impact:
      "An attacker on the network (public Wi-Fi, a compromised router) can answer that first plain-HTTP request and strip the connection down to HTTP, reading session cookies and credentials.",
    fix: "Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response (a small middleware, helmet, Talisman, unrolled/secure), and redirect plain HTTP to HTTPS.",
    example: {
      language: "go",
      bad: 'log.Fatal(http.ListenAndServeTLS(":443", "cert.pem", "key.pem", mux))',
      good: 'hsts := func(next http.Handler) http.Handler {\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tw.Header().Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")\n\t\tnext.ServeHTTP(w, r)\n\t})\n}\nlog.Fatal(http.ListenAndServeTLS(":443", "cert.pem", "key.pem", hsts(mux)))',
    },
    examples: [
      {
        language: "javascript",
        bad: "https.createServer({ key, cert }, app).listen(443);",
        good: "app.use(helmet.hsts({ maxAge: 31536000, includeSubDomains: true }));\nhttps.createServer({ key, cert }, app).listen(443);",
      },
    ],
  },
  notes: [
    "Reads the security signals of the secrets facts: production code (not tests, examples, scripts, nor the build and CI pipeline in a top-level `build/` or `ci/` folder, whose mock servers serve no user) that terminates TLS — Go `ListenAndServeTLS`/`ServeTLS`/autocert/`tls.Listen`, Node `https.createServer`/`http2.createSecureServer`, Flask `app.run(ssl_context=...)`, uvicorn `ssl_keyfile=` — and any file (code or config) that sets HSTS: the literal Strict-Transport-Security header, SECURE_HSTS_SECONDS, helmet, Talisman, unrolled/secure STSSeconds, an `hsts` option, Plug.SSL/force_ssl; or a declared helmet/Talisman/secure dependency.",
    "Medium when the app only serves TLS (no plain-HTTP listener in the files that terminate TLS); low when the same files also start a plain-HTTP listener (`ListenAndServe`, `Serve`, `http.createServer`, a uvicorn server whose `ssl_keyfile` is a setting), since TLS is then one mode the operator chooses, and production often runs behind a proxy that can send the header. autocert alone does not make TLS the only mode.",
  ],
  applies(facts) {
    if (!facts.secrets) return { status: "unknown", reason: "security signals were not collected" };
    return facts.secrets.signals.some((s) => s.signal === "tls-server")
      ? true
      : {
          status: "not-applicable",
          reason: "no code that terminates TLS itself (ListenAndServeTLS, https.createServer, ssl_context)",
        };
  },
  check({ facts, report }) {
    const signals = facts.secrets.signals;
    const production = (path: string): boolean =>
      oneOffKind(path) === null &&
      !isExamplePath(path) &&
      !isBuildPipeline(path) &&
      !/\.(md|rst|txt|adoc)$/i.test(path);
    const tls = signals.filter((s) => s.signal === "tls-server" && !s.isTest && production(s.path));
    if (tls.length === 0) return;
    if (signals.some((s) => s.signal === "hsts")) return;
    if ((facts.dependencies?.declared ?? []).some((d) => HSTS_PACKAGES.has(d.name.toLowerCase()))) return;
    const tlsFiles = new Set(tls.map((s) => s.path));
    const alsoPlain = signals.some((s) => s.signal === "plain-http-listener" && tlsFiles.has(s.path));
    // autocert does not make TLS the only mode: apps offer it beside a plain mode chosen by a setting.
    const onlyTls = !alsoPlain;
    const where = tls.map((s) => `${s.path}:${s.line} \`${s.match}\``);
    report({
      path: tls[0]!.path,
      line: tls[0]!.line,
      severity: onlyTls ? "medium" : "low",
      message: `The app terminates TLS itself (${where.slice(0, 3).join(", ")}) and no code or config sends Strict-Transport-Security${onlyTls ? "" : "; the same file also starts a plain-HTTP listener, so TLS may be one mode of two"}`,
      key: "tls-without-hsts",
      searched: `all ${facts.files.length} analysed files for Strict-Transport-Security, SECURE_HSTS_SECONDS, helmet, Talisman, unrolled/secure, hsts options and force_ssl; declared dependencies for header middleware`,
      related: tls.slice(1, 5).map((s) => ({ path: s.path, startLine: s.line, endLine: s.line })),
    });
  },
});
