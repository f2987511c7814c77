// Request body size limits set in JS/TS code: Express / body-parser parsers (`express.json({ limit })`,
// `bodyParser.urlencoded({ limit })`), Fastify's `bodyLimit` (server or route option) and NestJS
// `app.useBodyParser("json", { limit })`. Only explicit settings are recorded: the defaults (100 KB, 1 MB) are bounded.
import type { SgNode } from "@ast-grep/napi";
import { calledExport, lineOf, moduleBindings, objectProperties, stringValue } from "../node/ast.js";
import { evaluateSize, parseByteString } from "./byte-size.js";

export interface BodyLimitSetting {
  line: number;
  /** Who reads it: "express", "body-parser", "fastify", "nestjs", "plug". */
  library: string;
  /** The parser it caps (`json`, `urlencoded`, `raw`, `text`), or "all" for a server-wide option. */
  parser: string;
  /** The value as written (`'1gb'`, `Infinity`). */
  text: string;
  /** The limit in bytes (Infinity for "no limit"), or null when it is computed. */
  bytes: number | null;
}

const PARSERS = ["json", "urlencoded", "raw", "text"];

/** A JS value node as bytes: a size string, a number expression, `Infinity`; null when computed. */
function sizeOf(node: SgNode): number | null {
  const text = stringValue(node);
  return text !== null ? parseByteString(text) : evaluateSize(node.text());
}

function setting(node: SgNode, library: string, parser: string): BodyLimitSetting {
  return { line: lineOf(node), library, parser, text: node.text(), bytes: sizeOf(node) };
}

/** The explicit body limits a JS/TS file sets. */
export function nodeBodyLimits(tree: SgNode, text: string): BodyLimitSetting[] {
  const out: BodyLimitSetting[] = [];
  const express = moduleBindings(tree, ["express"]);
  const bodyParser = moduleBindings(tree, ["body-parser"]);
  const usesFastify = /["']fastify["']/.test(text);
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    const args = (call.field("arguments")?.children() ?? []).filter((child) => child.isNamed());
    const options = args.find((arg) => arg.kind() === "object");
    const parser = calledExport(call, express) ?? calledExport(call, bodyParser);
    if (parser && PARSERS.includes(parser) && options) {
      const limit = objectProperties(options).get("limit");
      if (limit) out.push(setting(limit, calledExport(call, express) ? "express" : "body-parser", parser));
      continue;
    }
    // NestJS: app.useBodyParser("json", { limit: "50mb" })
    const callee = call.field("function");
    if (callee?.kind() === "member_expression" && callee.field("property")?.text() === "useBodyParser") {
      const kind = args[0] ? stringValue(args[0]) : null;
      const limit = options ? objectProperties(options).get("limit") : undefined;
      if (limit) out.push(setting(limit, "nestjs", kind ?? "all"));
    }
  }
  if (usesFastify)
    for (const pair of tree.findAll({ rule: { kind: "pair" } })) {
      if (pair.field("key")?.text() !== "bodyLimit") continue;
      const value = pair.field("value");
      if (value) out.push(setting(value, "fastify", "all"));
    }
  return out;
}
