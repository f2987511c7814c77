// go/insecure-skip-verify: TLS certificate verification switched off (`InsecureSkipVerify: true`).
import type { SgNode } from "@ast-grep/napi";
import {
  findKind,
  isExamplePath,
  isTestBuild,
  lineOf,
  literalKeys,
  saysNolint,
} from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";
import { ANONYMOUS_REQUEST_NOTE, sendsNoCredential } from "../shared/anonymous-request.js";

export default defineRule({
  id: "go/insecure-skip-verify",
  area: "security",
  severity: "high",
  title: "TLS certificate verification disabled (InsecureSkipVerify)",
  effortMinutes: 30,
  confidence: "certain",
  languages: ["go"],
  prefilter: /InsecureSkipVerify/,
  notes: [
    'Only the literal `true` is flagged; a value from configuration is a deliberate, reviewable switch, and so is a literal `true` set only inside `if <setting> { … }` (or `if cfg.Client != nil && cfg.Client.Insecure { … }`, a conjunct named for skipping verification), or inside `if` on an environment variable or config key named for the opt-in (`if len(os.Getenv("SKIP_SMTP_TLS_VERIFY")) > 0`, `viper.GetBool("tls.insecure")`; not one that only configures TLS such as `TLS_CERT`), or after `if !<setting> { return … }` (a per-feed or per-endpoint opt-in): that one is low. Low also for a package-level client (or a function) named for the insecure variant beside a verifying one of the same name (`defaultInsecureHTTPClient` beside `defaultHTTPClient`): a second client kept for an operator\'s opt-in, chosen elsewhere by a setting.',
    "Lowered to low in examples/, scripts/ and tools/ folders, and where a `//nolint:gosec` or `#nosec` comment on the statement (or the line above it) records that the team reviewed it; medium where the function itself uses the client for a plain GET or HEAD and names no credential (a page fetch or probe: an impersonator can forge the response but finds no secret to steal); low too where the function only calls its own server (a loopback address it dials or falls back to, or a `Local…URL` setting: a health probe, a hook calling back into the same host); tests, including files built only with a test tag (`//go:build unit`, `e2e`, `integration`), are not checked.",
    'Low where the same tls.Config checks the peer itself (`VerifyPeerCertificate`, `VerifyConnection`): skipping the default check is how Go verifies a pinned key or a certificate issued for another name. Medium where the config names a CA pool (`RootCAs`) or presents a client certificate (mutual TLS with the program\'s own agents: the peer still checks this side, the gap is an impersonated peer), where it is set in a `case "tls":` branch over parsed configuration options (TLS asked for by name, given without verification; a case named for the opt-in, `case "insecure_tls":`, is low like a setting), and where the file authenticates the peer by a signature above TLS (`key.Verify(token, &sig)`, `ed25519.Verify`): what crosses the connection can still be read.',
  ],
  docs: {
    rationale: "InsecureSkipVerify makes a TLS client accept any certificate for any host.",
    impact:
      "Anyone on the network path can impersonate the server and read or alter the traffic (credentials, tokens, data).",
    fix: "Remove InsecureSkipVerify; trust a private CA through tls.Config.RootCAs instead.",
    example: {
      language: "go",
      bad: "client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}",
      good: "pool := x509.NewCertPool()\npool.AppendCertsFromPEM(caPEM)\nclient := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}",
    },
  },
  checkFile({ tree, path, text, lines, report }) {
    if (!tree || isTestBuild(text)) return;
    const example = isExamplePath(path);
    const judged = (
      at: SgNode,
      written: string,
    ): { message: string; severity: "low" | "medium" | undefined } => {
      const option = namedOptionCase(at);
      // `case "insecure_tls":` names the operator's opt-in, like a setting; `case "tls":` only asks for TLS.
      const setting = switchOf(at) ?? (option && OPT_IN_NAME.test(option) ? `case "${option}"` : null);
      const statement = statementOf(at);
      const reviewed = saysNolint(lines, lineOf(statement), lineOf(at), "gosec");
      const local = setting || reviewed ? null : loopbackTarget(at);
      const anonymous = !setting && !reviewed && !local && anonymousGet(at);
      const optInClient = setting || reviewed || local ? null : insecureNamedHolder(at);
      const ownCheck = setting || reviewed || local || optInClient ? null : verifiesItself(at);
      const named = setting || reviewed || local || optInClient || ownCheck ? null : option;
      const pinned =
        setting || reviewed || local || optInClient || ownCheck || named ? null : pinnedOrMutual(at);
      const signed =
        setting || reviewed || local || optInClient || ownCheck || named || pinned || anonymous
          ? null
          : peerSignatureCheck(at);
      const why = setting
        ? `, only when \`${setting}\` is set`
        : ownCheck
          ? `; the same config checks the peer's certificate itself in \`${ownCheck}\` (make sure it verifies the chain, not only reads it)`
          : named
            ? `, set when the configuration names the \`${named}\` option: TLS with that option never checks the server (check the certificate against a CA, or name the option for what it does)`
            : pinned
              ? `; the config ${pinned}, which InsecureSkipVerify leaves unused: the peer's certificate is not checked against it, so anyone on the path can pose as the peer (set ServerName, or verify the chain against that pool in VerifyPeerCertificate)`
              : signed
                ? `; the peer is authenticated by a signature the code checks (\`${signed}\`), but what crosses the connection before and after it (tokens, data) can be read and replayed by anyone on the path`
                : optInClient
                  ? ` in \`${optInClient}\`, a second client named for the insecure opt-in beside the verifying one (check that only a setting selects it)`
                  : reviewed
                    ? ", marked reviewed by a suppression comment"
                    : local
                      ? `; the function only calls the local server (${local})`
                      : anonymous
                        ? ` ${ANONYMOUS_REQUEST_NOTE}`
                        : "";
      return {
        message: `${written} disables TLS certificate verification${why}`,
        severity:
          example || setting || reviewed || local || optInClient || ownCheck
            ? "low"
            : anonymous || named || pinned || signed
              ? "medium"
              : undefined,
      };
    };
    for (const literal of findKind(tree, "composite_literal")) {
      const value = literalKeys(literal).get("InsecureSkipVerify");
      if (value?.text() === "true")
        report({
          node: value.parent() ?? value,
          ...judged(literal, "InsecureSkipVerify: true"),
          key: "insecure-skip-verify",
        });
    }
    for (const assignment of findKind(tree, "assignment_statement")) {
      if (
        /\.InsecureSkipVerify$/.test(assignment.field("left")?.text() ?? "") &&
        assignment.field("right")?.text() === "true"
      ) {
        report({
          node: assignment,
          ...judged(assignment, "InsecureSkipVerify = true"),
          key: "insecure-skip-verify",
        });
      }
    }
  },
});

/** The tls.Config composite literal the node is (or sits in), or null. */
function tlsConfigLiteral(node: SgNode): SgNode | null {
  for (let at: SgNode | null = node; at; at = at.parent()) {
    if (at.kind() === "composite_literal" && /(^|\.)Config$/.test(at.field("type")?.text() ?? "")) return at;
    if (/^(function_declaration|method_declaration|func_literal|block)$/.test(String(at.kind()))) return null;
  }
  return null;
}

/**
 * The callback by which the config checks the peer's certificate itself (`VerifyPeerCertificate`,
 * `VerifyConnection`): skipping the default verification is how Go lets a program verify a pinned key or a
 * certificate for another name. Null when the config sets neither.
 */
function verifiesItself(node: SgNode): string | null {
  const literal = tlsConfigLiteral(node);
  const keys = literal ? literalKeys(literal) : null;
  for (const name of ["VerifyPeerCertificate", "VerifyConnection"]) {
    const value = keys?.get(name);
    if (value && value.text() !== "nil") return name;
  }
  return null;
}

/**
 * What the config sets that only verification would use: a CA pool (`RootCAs`) or a client certificate presented to
 * the peer (`Certificates`, mutual TLS between the program and its own agents). With InsecureSkipVerify the pool is
 * never consulted; the peer still checks this side's certificate, so the gap is a peer impersonated by someone on the
 * path, not an open door. Null when it sets neither.
 */
function pinnedOrMutual(node: SgNode): string | null {
  const literal = tlsConfigLiteral(node);
  const keys = literal ? literalKeys(literal) : null;
  if (!keys) return null;
  const roots = keys.has("RootCAs");
  const certificates = keys.has("Certificates") || keys.has("GetClientCertificate");
  if (roots && certificates) return "presents a client certificate and names a CA pool (`RootCAs`)";
  if (roots) return "names a CA pool (`RootCAs`)";
  if (certificates) return "presents a client certificate (mutual TLS)";
  return null;
}

/**
 * The option name of a `case "tls":` branch (in a switch over parsed configuration keys) that sets the node: the
 * operator asked for TLS by that name and gets it without verification. Null outside such a branch; a case named
 * for skipping verification is the operator's opt-in and handled like a setting (switchOf does not see it).
 */
function namedOptionCase(node: SgNode): string | null {
  for (let at = node.parent(); at; at = at.parent()) {
    const kind = String(at.kind());
    if (/^(function_declaration|method_declaration|func_literal)$/.test(kind)) return null;
    if (kind !== "expression_case") continue;
    const labels = at.field("value")?.text() ?? "";
    const name = /^"([^"]+)"/.exec(labels)?.[1];
    return name ?? null;
  }
  return null;
}

/**
 * A signature the file checks over what the peer sends (`pubKey.Verify(token, sig)`, `ed25519.Verify`,
 * `rsa.VerifyPKCS1v15`, `ecdsa.VerifyASN1`): the program authenticates its peer by a key it holds, above TLS. Null
 * when the file checks none.
 */
function peerSignatureCheck(node: SgNode): string | null {
  let root: SgNode = node;
  while (root.parent()) root = root.parent() ?? root;
  for (const call of findKind(root, "call_expression")) {
    const callee = call.field("function")?.text() ?? "";
    if (
      /^(ed25519\.Verify|rsa\.Verify(PKCS1v15|PSS)|ecdsa\.Verify(ASN1)?)$/.test(callee) ||
      (/\.Verify$/.test(callee) && /\bssh\.Signature\b|\bsignature\b|\bsig\b/i.test(call.text()))
    )
      return callee;
  }
  return null;
}

/** A name that says its value is the insecure variant: `insecureClient`, `defaultInsecureHTTPClient`, `noVerifyTransport`. */
const INSECURE_NAME = /insecure|skip_?verify|no_?verify|unverified|unsafe/i;

/**
 * The package-level variable (or the function) whose value is the client or config the node builds, when its name
 * says it is the insecure variant (`var defaultInsecureHTTPClient = &http.Client{…}` beside `defaultHTTPClient`): a
 * second client kept for the operator's opt-in, selected elsewhere by a setting (`ternary(req.AllowInsecure, …)`).
 * Null when the file has no verifying counterpart or the name says nothing.
 */
function insecureNamedHolder(node: SgNode): string | null {
  let at: SgNode | null = node;
  let holder: string | null = null;
  while (at) {
    const kind = String(at.kind());
    if (kind === "var_spec" || kind === "const_spec") {
      holder =
        at.field("name")?.text() ??
        at
          .children()
          .find((c) => c.kind() === "identifier")
          ?.text() ??
        null;
      // Only a package-level declaration: inside a function a variable is that function's own client.
      let up = at.parent();
      while (
        up &&
        !/^(function_declaration|method_declaration|func_literal|source_file)$/.test(String(up.kind()))
      )
        up = up.parent();
      if (up?.kind() !== "source_file") return null;
      break;
    }
    if (kind === "function_declaration" || kind === "method_declaration") {
      holder = at.field("name")?.text() ?? null;
      break;
    }
    at = at.parent();
  }
  if (!holder || !INSECURE_NAME.test(holder)) return null;
  // The verifying counterpart: the same name without the insecure word, declared in the same file.
  const counterpart = holder
    .replace(INSECURE_NAME, "")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
  let root: SgNode | null = node;
  while (root?.parent()) root = root.parent();
  const names = [
    ...findKind(root ?? node, "var_spec"),
    ...findKind(root ?? node, "function_declaration"),
  ].map((decl) => (decl.field("name")?.text() ?? "").toLowerCase());
  return names.includes(counterpart) ? holder : null;
}

const LOOPBACK_URL = /^(https?:\/\/)?(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i;
const LOCAL_ADDRESS = /^Local\w*(URL|Url|Addr|Address|Host)$/;

/**
 * What says the function around the node talks only to its own server: a loopback address it dials or falls back to
 * (`"127.0.0.1"`, `"https://localhost:3001"`), or the configuration's local address (`conf.Server.LocalRootURL`): a
 * health probe or a hook calling back into the same host. Null when nothing does.
 */
function loopbackTarget(node: SgNode): string | null {
  let fn: SgNode | null = node;
  while (fn && !/^(function_declaration|method_declaration|func_literal)$/.test(String(fn.kind())))
    fn = fn.parent();
  if (!fn) return null;
  for (const literal of findKind(fn, "interpreted_string_literal")) {
    const value = literal.text().slice(1, -1);
    if (LOOPBACK_URL.test(value)) return `\`${value}\``;
  }
  for (const selector of findKind(fn, "selector_expression")) {
    const field = selector.field("field")?.text() ?? "";
    if (LOCAL_ADDRESS.test(field)) return `\`${selector.text()}\``;
  }
  return null;
}

/**
 * Whether the function around the node uses its client itself for a plain GET or HEAD (`client.Get(url)`) and names
 * no credential (no auth header, token, password, key or cookie), without handing the client or transport on (no
 * `return`ed value): a page fetch or probe, where an impersonator can forge the response but finds no secret.
 */
function anonymousGet(node: SgNode): boolean {
  let fn: SgNode | null = node;
  while (fn && !/^(function_declaration|method_declaration|func_literal)$/.test(String(fn.kind())))
    fn = fn.parent();
  if (!fn) return false;
  const text = fn.text();
  const reads = findKind(fn, "call_expression").some((call) =>
    /\.(Get|Head)$/.test(call.field("function")?.text() ?? ""),
  );
  // `return client`, `return &http.Client{…}`: the client leaves the function, to be used for anything.
  const handsOn = findKind(fn, "return_statement").some((ret) =>
    ret
      .text()
      .replace(/^return\s*/, "")
      .split(",")
      .map((part) => part.trim())
      .some(
        (part) =>
          /^&?(?:http\.)?(?:Client|Transport)\s*\{/.test(part) ||
          /^(?:[A-Za-z_]*(?:client|Client|transport|Transport)|tr|c)$/.test(part),
      ),
  );
  return reads && !handsOn && sendsNoCredential(text.replace(/InsecureSkipVerify/g, ""));
}

/** The statement the node belongs to (`tlsConfig := &tls.Config{…}`), whose comment line above may carry a suppression. */
function statementOf(node: SgNode): SgNode {
  let at = node;
  while (at.parent() && !/(_statement|_declaration|^short_var_declaration)$/.test(String(at.kind())))
    at = at.parent() ?? at;
  return at;
}

/**
 * The setting an `if` around the node tests (`r.ignoreTLSErrors`, `c.TLS.SkipVerify`, `!cfg.Verify`), when the node
 * sits in its then-branch; null when verification is switched off unconditionally.
 */
function switchOf(node: SgNode): string | null {
  let child = node;
  for (let at = node.parent(); at; child = at, at = at.parent()) {
    const kind = at.kind();
    // A closure made in the then-branch (`WithTransportOptions(func(tr) {…})`) exists only when the setting is on.
    if (kind === "function_declaration" || kind === "method_declaration") return null;
    const guard = earlierGuard(child);
    if (guard) return guard;
    if (kind !== "if_statement") continue;
    const consequence = at.field("consequence");
    const condition = at.field("condition")?.text().replace(/^!\s*/, "") ?? "";
    const inThen =
      consequence !== null &&
      node.range().start.index >= consequence.range().start.index &&
      node.range().end.index <= consequence.range().end.index;
    if (inThen && /^[\w.]+(\(\))?$/.test(condition) && condition !== "true") return condition;
    // `if cfg.Client != nil && cfg.Client.Insecure {`: one conjunct is a setting named for skipping verification.
    const conjunct = inThen ? settingConjunct(at.field("condition")?.text() ?? "") : null;
    if (conjunct) return conjunct;
    // `if len(os.Getenv("SKIP_SMTP_TLS_VERIFY")) > 0 {`: an environment variable or config key named for the opt-in.
    const lookup = inThen ? OPT_IN_LOOKUP.exec(at.field("condition")?.text() ?? "") : null;
    if (lookup && OPT_IN_NAME.test(lookup[1] ?? "")) return lookup[0];
  }
  return null;
}

/** A lookup of a named setting: `os.Getenv("X")`, `os.LookupEnv("X")`, `viper.GetBool("x.y")`, `cfg.GetString("x")`. */
const OPT_IN_LOOKUP = /\b(?:os\.(?:Getenv|LookupEnv)|[\w.]+\.Get(?:Bool|String|Env)?)\(\s*"([^"]+)"\s*\)/;
/** A setting name that asks for verification to be skipped (not one that merely configures TLS, like `TLS_CERT`). */
const OPT_IN_NAME = /insecure|skip|no_?verif|disable|allow_?(?:invalid|self)|unsafe|self_?signed/i;

/** A conjunct of `a && b` that is a setting named for skipping verification (`cfg.ClientConfig.Insecure`), or null. */
function settingConjunct(condition: string): string | null {
  if (!condition.includes("&&") || condition.includes("||")) return null;
  for (const part of condition.split("&&").map((p) => p.trim().replace(/^\(|\)$/g, ""))) {
    if (/^[\w.]+(\(\))?$/.test(part) && VERIFY_SETTING.test(part.split(".").pop() ?? "")) return part;
  }
  return null;
}

const VERIFY_SETTING = /insecure|skip|verif|tls|ssl|cert|unsafe|self_?signed/i;

/**
 * The setting an earlier `if !<setting> { …; return }` of the same block tests: the statements after it run only
 * when the setting is on (`if !c.SkipVerify { return ctx }` then a client with InsecureSkipVerify: true).
 */
function earlierGuard(statement: SgNode): string | null {
  for (let before = statement.prev(); before; before = before.prev()) {
    if (before.kind() !== "if_statement" || before.field("alternative")) continue;
    const condition = /^!\s*([\w.]+(\(\))?)$/.exec(before.field("condition")?.text() ?? "")?.[1];
    const consequence = before.field("consequence");
    let statements = consequence?.children().filter((part) => part.isNamed()) ?? [];
    if (statements.length === 1 && statements[0]?.kind() === "statement_list")
      statements = statements[0].children().filter((part) => part.isNamed());
    const exits = statements.at(-1)?.kind() === "return_statement";
    // Only a setting about verification: `if !ok { return }` after a type assertion guards nothing of the kind.
    if (condition && exits && /insecure|skip|verif|tls|ssl|cert/i.test(condition)) return condition;
  }
  return null;
}
