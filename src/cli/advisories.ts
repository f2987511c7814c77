// `codeaudit advisories import <dir|zip>`: loads OSV advisories into the local store the audit reads offline.
import { resolve } from "node:path";
import type { Command } from "commander";
import { UsageError, type CliIo } from "./cli-io.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export function registerAdvisoriesCommand(program: Command, io: CliIo): void {
  const advisories = program
    .command("advisories")
    .description("manage the local OSV advisory store (never downloads)");
  advisories
    .command("import")
    .description("import OSV JSON advisories from a folder or a .zip (e.g. an OSV ecosystem export)")
    .argument("<source>", "folder of OSV .json files, or a .zip of them")
    .option(
      "--store <dir>",
      "store folder (default: $XDG_CACHE_HOME/codeaudit/advisories or ~/.cache/codeaudit/advisories)",
    )
    .action(async (source: string, options: { store?: string }) => {
      // Loaded when the command runs: registering it (or `--help`) loads no OSV schema or zip reader.
      const { defaultAdvisoryDir, importAdvisories } = await import("../advisories/store.js");
      const store = options.store ? resolve(io.cwd, options.store) : defaultAdvisoryDir(io.env);
      let result;
      try {
        result = await importAdvisories(resolve(io.cwd, source), store);
      } catch (error) {
        throw new UsageError(`advisories import ${source}: ${(error as Error).message.split("\n")[0]}`);
      }
      const byEcosystem = Object.entries(result.ecosystems)
        .sort(([a], [b]) => compareCodeUnits(a, b))
        .map(([ecosystem, count]) => `${ecosystem} ${count}`)
        .join(", ");
      io.stdout.write(
        `imported ${result.imported} advisories into ${store}${byEcosystem ? ` (${byEcosystem})` : ""}\n`,
      );
    });
}
