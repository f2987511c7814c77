// Writes schema/config.schema.json from the zod schema of the configuration (src/config/config-schema.ts), so
// editors complete and check codeaudit.config.yaml; a test fails when the shipped file is out of date.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { configJsonSchema } from "../src/config/config-json-schema.js";

const target = join(import.meta.dirname, "..", "schema", "config.schema.json");
writeFileSync(target, configJsonSchema());
process.stdout.write(`wrote ${target}\n`);
