// `codeaudit rules` lists every rule; `codeaudit explain <id>` prints one rule's documentation.
import type { Command } from "commander";
import type { CliIo } from "./cli-io.js";

export function registerRulesCommand(program: Command, io: CliIo): void {
  program
    .command("rules")
    .description("list the rules: id, area, default severity, title")
    .option("--json", "print the list as JSON")
    .action(async (options: { json?: boolean }) => {
      // Loaded when the command runs: registering it (or `--help`) loads no rule.
      const { loadBuiltInRules } = await import("../rules/load-rules.js");
      const rules = await loadBuiltInRules();
      if (options.json) {
        const list = rules.map((r) => ({
          id: r.id,
          area: r.area,
          severity: r.severity,
          title: r.title,
          languages: r.languages ?? [],
        }));
        io.stdout.write(JSON.stringify(list, null, 2) + "\n");
        return;
      }
      const width = Math.max(...rules.map((r) => r.id.length));
      for (const rule of rules)
        io.stdout.write(
          `${rule.id.padEnd(width)}  ${rule.area.padEnd(13)} ${rule.severity.padEnd(8)} ${rule.title}\n`,
        );
      io.stdout.write(`${rules.length} rules\n`);
    });
}

export function registerExplainCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("explain")
    .description("show one rule's documentation, rationale and fix")
    .argument("<rule-id>", "a rule id, as `codeaudit rules` lists them")
    .action(async (id: string) => {
      const { loadBuiltInRules } = await import("../rules/load-rules.js");
      const { renderRuleDoc } = await import("../rules/rule-doc.js");
      const rules = await loadBuiltInRules();
      const rule = rules.find((r) => r.id === id);
      if (!rule) {
        const close = rules.filter((r) => r.id.includes(id.split("/").pop() ?? id)).map((r) => r.id);
        io.stderr.write(
          `codeaudit: no rule ${id}${close.length ? `; did you mean ${close.slice(0, 5).join(", ")}?` : " (`codeaudit rules` lists them)"}\n`,
        );
        setExit(2);
        return;
      }
      io.stdout.write(renderRuleDoc(rule));
    });
}
