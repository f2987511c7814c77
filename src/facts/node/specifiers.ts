// Module specifiers: which name a bare import refers to, and which specifiers are not packages at all.
import { builtinModules } from "node:module";

const BUILTINS = new Set(builtinModules.map((name) => name.replace(/^node:/, "")));

/**
 * True for Node built-ins (`fs`, `node:fs`, `fs/promises`, `node:test`) and other runtimes' built-ins (`bun:`, and
 * `bun` itself: code importing it runs on Bun, which answers it with its own API, never with the npm package).
 */
export function isBuiltinSpecifier(specifier: string): boolean {
  if (specifier === "bun" || /^(node|bun|deno|cloudflare|workers):/.test(specifier)) return true;
  return BUILTINS.has(specifier) || BUILTINS.has(specifier.split("/")[0] ?? "");
}

/**
 * The package a bare specifier names (`lodash/fp` → `lodash`, `@scope/pkg/sub` → `@scope/pkg`),
 * or null for relative and absolute paths, URLs, built-ins, `#` subpath imports and common aliases (`@/`, `~/`, `virtual:`).
 */
export function packageOfSpecifier(specifier: string): string | null {
  const s = specifier.trim();
  if (
    s === "" ||
    s.startsWith(".") ||
    s.startsWith("/") ||
    s.startsWith("#") ||
    s.startsWith("~") ||
    s.startsWith("@/")
  )
    return null;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s)) return null; // node:, http:, data:, virtual:, npm: …
  if (s.includes("!") || s.includes("?") || s.includes("*") || s.includes("${") || /\s/.test(s)) return null;
  if (isBuiltinSpecifier(s)) return null;
  const parts = s.split("/");
  if (s.startsWith("@")) {
    if (parts.length < 2 || !parts[1]) return null;
    return `${parts[0]}/${parts[1]}`;
  }
  const name = parts[0] ?? "";
  return /^[a-z0-9][a-z0-9._-]*$/i.test(name) ? name : null;
}

/** The name `@types/x` covers: `@types/node` → `node`, `@types/babel__core` → `@babel/core`. */
export function typedPackageOf(typesName: string): string | null {
  if (!typesName.startsWith("@types/")) return null;
  const rest = typesName.slice("@types/".length);
  return rest.includes("__") ? `@${rest.replace("__", "/")}` : rest;
}
