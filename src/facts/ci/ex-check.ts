// What `mix check` runs: ex_check's curated tools (credo, dialyzer, sobelow, mix_audit …) for the dependencies the
// project declares, as adjusted by its .check.exs (a tool disabled with `{:sobelow, false}`, another command given
// with `{:credo, "mix credo --strict"}`, a custom tool added). CI that runs `mix check` runs those gates.

/** ex_check's built-in tools: the command it runs and the dependency (or file) that enables it. */
const CURATED: Array<{ tool: string; command: string; dep?: string; always?: boolean }> = [
  { tool: "compiler", command: "mix compile --warnings-as-errors --force", always: true },
  { tool: "formatter", command: "mix format --check-formatted", always: true },
  { tool: "credo", command: "mix credo", dep: "credo" },
  { tool: "dialyzer", command: "mix dialyzer", dep: "dialyxir" },
  { tool: "doctor", command: "mix doctor", dep: "doctor" },
  { tool: "ex_doc", command: "mix docs", dep: "ex_doc" },
  { tool: "ex_unit", command: "mix test", always: true },
  { tool: "mix_audit", command: "mix deps.audit", dep: "mix_audit" },
  { tool: "sobelow", command: "mix sobelow --exit", dep: "sobelow" },
];

/**
 * The commands `mix check` runs in a project, or null when the project does not use ex_check (no `:ex_check`
 * dependency in its mix.exs).
 */
export function exCheckCommands(mixExs: string | null, checkExs: string | null): string[] | null {
  if (!mixExs || !/\{\s*:ex_check\s*,/.test(mixExs)) return null;
  const declared = (dep: string): boolean => new RegExp(`\\{\\s*:${dep}\\s*,`).test(mixExs);
  const commands = new Map<string, string | null>();
  for (const curated of CURATED)
    if (curated.always || (curated.dep && declared(curated.dep))) commands.set(curated.tool, curated.command);
  // `{:sobelow, false}`, `{:credo, "mix credo --strict"}`, `{:dialyzer, "mix dialyzer", detect: …}`,
  // `{:my_tool, command: "mix my_tool"}`, `{:doctor, enabled: false}`.
  const config = (checkExs ?? "").replace(/^\s*#.*$/gm, "");
  for (const m of config.matchAll(
    /\{\s*:(\w+)\s*,\s*(?:(false)|"([^"]*)"|command:\s*"([^"]*)"|enabled:\s*(false|true))/g,
  )) {
    const tool = m[1]!;
    if (m[2] === "false" || m[5] === "false") commands.set(tool, null);
    else if (m[3] !== undefined || m[4] !== undefined) commands.set(tool, (m[3] ?? m[4])!);
  }
  return [...commands.values()].filter((command): command is string => command !== null);
}
