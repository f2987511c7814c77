// Whether a URL expression points at the application's own deployment: a path under the base URL it is served at.
import type { SgNode } from "@ast-grep/napi";

/**
 * Settings that name the URL an app is itself served at, by the conventions of Next.js, NextAuth/Auth.js,
 * better-auth, Vercel and most self-hosted web apps (`NEXTAUTH_URL`, `NEXT_PUBLIC_BASE_URL`, `WEBAPP_URL`). Names
 * of another service's address (`API_URL`, `SERVER_URL`, `BACKEND_URL`, `INTERNAL_API_URL`) are not among them: in
 * a front end they are the back end, a separate service.
 */
const OWN_BASE_SETTING =
  /^(?:NEXT_PUBLIC_|PUBLIC_|VITE_)?(?:NEXTAUTH_URL|AUTH_URL|BETTER_AUTH_URL|(?:APP|BASE|SITE|WEBAPP|WEB_APP|SELF|APP_BASE)_URL|VERCEL_URL|VERCEL_PROJECT_PRODUCTION_URL)$/;

/** Helpers that return that base (`getBaseUrl()`, `absoluteUrl("/api/x")`, `getAppUrl()`). */
const OWN_BASE_HELPER = /^(?:get)?(?:Base|App|Site|Webapp|WebApp|Self|Absolute)Ur[lL]$|^absoluteUrl$/;

/**
 * The setting or helper naming the app's own base when `url` is a path under it: a template or `+` concatenation
 * that starts with that base and goes on with `/` (`` `${process.env.NEXTAUTH_URL}/api/revalidate?…` ``,
 * `env.NEXT_PUBLIC_BASE_URL + "/api/x"`, `absoluteUrl("/api/x")`), or a name every declaration of which in the
 * file is such a URL. Null when the URL may lead anywhere else.
 */
export function ownOriginBase(url: SgNode | undefined, tree: SgNode): string | null {
  return ownOrigin(url, tree, 0);
}

function ownOrigin(url: SgNode | undefined, tree: SgNode, depth: number): string | null {
  if (!url || depth > 3) return null;
  const kind = url.kind();
  if (kind === "parenthesized_expression" || kind === "as_expression" || kind === "non_null_expression")
    return ownOrigin(
      url.children().find((c) => c.isNamed()),
      tree,
      depth,
    );
  if (kind === "template_string") {
    const parts = url.children().filter((c) => c.kind() !== "`");
    const [head, next] = parts;
    if (head?.kind() !== "template_substitution") return null;
    const base = baseName(
      head.children().find((c) => c.isNamed()),
      tree,
      depth,
    );
    // The base alone, or followed by a path; `${BASE_URL}.evil.com` or `${BASE_URL}${other}` may be another host.
    if (!base) return null;
    if (next === undefined || (next.kind() === "string_fragment" && next.text().startsWith("/"))) return base;
    return null;
  }
  if (kind === "binary_expression" && url.children().some((c) => c.text() === "+")) {
    const left = url.field("left");
    const right = url.field("right");
    const base =
      left?.kind() === "binary_expression" ? ownOrigin(left, tree, depth + 1) : baseName(left, tree, depth);
    if (!base) return null;
    return /^["'`]\//.test(right?.text() ?? "") || left?.kind() === "binary_expression" ? base : null;
  }
  if (kind === "call_expression") {
    const callee = url.field("function");
    const name = callee?.kind() === "member_expression" ? callee.field("property")?.text() : callee?.text();
    const first = url
      .field("arguments")
      ?.children()
      .find((c) => c.isNamed());
    if (name && /^absoluteUrl$|^(?:get)?AbsoluteUrl$/.test(name) && /^["'`]\//.test(first?.text() ?? ""))
      return `${name}()`;
    return null;
  }
  if (kind === "identifier") {
    if (isParameter(url)) return null;
    const declared = declarationsOf(url.text(), tree);
    if (declared.length === 0) return null;
    const bases = declared.map((value) => ownOrigin(value, tree, depth + 1));
    return bases.every((base) => base !== null) ? (bases[0] ?? null) : null;
  }
  return null;
}

/** The setting or helper a base expression reads: `process.env.X`, `env.X`, `X` (a constant of that name), `getBaseUrl()`. */
function baseName(node: SgNode | null | undefined, tree: SgNode, depth: number): string | null {
  if (!node) return null;
  const kind = node.kind();
  if (kind === "parenthesized_expression" || kind === "as_expression" || kind === "non_null_expression")
    return baseName(
      node.children().find((c) => c.isNamed()),
      tree,
      depth,
    );
  if (kind === "member_expression") {
    const property = node.field("property")?.text() ?? "";
    const object = node.field("object")?.text() ?? "";
    return OWN_BASE_SETTING.test(property) && /(^|\.)(?:process\.env|env|\w*Env)$/.test(object)
      ? property
      : null;
  }
  if (kind === "subscript_expression") {
    const index =
      node
        .field("index")
        ?.text()
        .replace(/^["'`]|["'`]$/g, "") ?? "";
    return OWN_BASE_SETTING.test(index) && /process\.env$/.test(node.field("object")?.text() ?? "")
      ? index
      : null;
  }
  if (kind === "call_expression") {
    const callee = node.field("function");
    const name = callee?.kind() === "member_expression" ? callee.field("property")?.text() : callee?.text();
    return name && OWN_BASE_HELPER.test(name) ? `${name}()` : null;
  }
  if (kind === "identifier") {
    if (OWN_BASE_SETTING.test(node.text())) return node.text();
    if (depth > 3) return null;
    // `const baseUrl = process.env.NEXTAUTH_URL ?? "http://localhost:3000"`: every declaration reads the base.
    const declared = declarationsOf(node.text(), tree);
    if (declared.length === 0) return null;
    const bases = declared.map((value) => baseName(fallbackHead(value), tree, depth + 1));
    return bases.every((base) => base !== null) ? (bases[0] ?? null) : null;
  }
  if (kind === "binary_expression") return baseName(fallbackHead(node), tree, depth + 1);
  return null;
}

/** `A ?? B` and `A || B` read A first (B is the local default): the base is what A names. */
function fallbackHead(node: SgNode): SgNode | null {
  if (node.kind() !== "binary_expression") return node;
  const operator = node.children().find((c) => c.text() === "??" || c.text() === "||");
  return operator ? node.field("left") : node;
}

/** Whether a name is a parameter of a function around it: its value comes from each caller, not a declaration. */
function isParameter(name: SgNode): boolean {
  for (let node = name.parent(); node; node = node.parent()) {
    const params = node.field("parameters") ?? node.field("parameter");
    if (!params || !/function|method|arrow/.test(String(node.kind()))) continue;
    if (params.findAll({ rule: { kind: "identifier", regex: `^${name.text()}$` } }).length > 0) return true;
  }
  return false;
}

/** The values a name is declared with anywhere in the file (`const url = …`); none when one has no value. */
function declarationsOf(name: string, tree: SgNode): SgNode[] {
  const values: SgNode[] = [];
  for (const declarator of tree.findAll({ rule: { kind: "variable_declarator" } })) {
    if (declarator.field("name")?.text() !== name) continue;
    const value = declarator.field("value");
    if (!value) return [];
    values.push(value);
  }
  return values;
}
