// The configuration's JSON Schema, generated from the zod schema (one source of truth): shipped as
// schema/config.schema.json and named by `codeaudit init` for editor completion.
import { z } from "zod";
import { configSchema } from "./config-schema.js";

/** Where the shipped schema is published (the repository's copy of schema/config.schema.json). */
export const CONFIG_SCHEMA_URL =
  "https://raw.githubusercontent.com/codeaudit/codeaudit/main/schema/config.schema.json";

export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { target: "draft-2020-12", io: "input" }) as Record<
    string,
    unknown
  >;
  const document = {
    $schema: schema.$schema,
    $id: CONFIG_SCHEMA_URL,
    title: "codeaudit configuration",
    description:
      "codeaudit.config.json|yaml, .codeaudit.json|yaml or package.json#codeaudit. Every key is optional; unknown keys are an error.",
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== "$schema")),
  };
  return JSON.stringify(document, null, 2) + "\n";
}
