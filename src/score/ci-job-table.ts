// The CI area's job table: one row per CI job (workflow, job, triggers, needs, services, gates, permissions),
// computed from facts/ci so the renderers only print it.
import type { CiGate, CiJob, CiWorkflow } from "../facts/ci/types.js";
import type { RepoFacts } from "../facts/repo-facts.js";
import type { AreaTable } from "../model/audit.js";

/** More rows than this make the report unreadable; the JSON keeps the same cap and says so in the note. */
const MAX_ROWS = 80;

function permissionsText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0
      ? "none"
      : entries.map(([scope, level]) => `${scope}: ${String(level)}`).join(", ");
  }
  return JSON.stringify(value);
}

function jobPermissions(workflow: CiWorkflow, job: CiJob): string {
  if (workflow.provider === "gitlab") return "n/a";
  const own = permissionsText(job.permissions);
  if (own) return own;
  const inherited = permissionsText(workflow.permissions);
  return inherited ? `${inherited} (workflow)` : "default";
}

function gatesText(job: CiJob, counted: ReadonlySet<CiGate>): string {
  const kinds = new Map<string, boolean>();
  for (const gate of job.steps.flatMap((s) => s.gates))
    kinds.set(gate.kind, (kinds.get(gate.kind) ?? false) || counted.has(gate));
  const text = [...kinds].map(([kind, enforced]) => (enforced ? kind : `${kind} (does not gate)`)).join(", ");
  return text || "—";
}

/** The job table of the CI area, or null when the repository has no CI jobs. */
export function ciJobTable(facts: RepoFacts): AreaTable | null {
  const ci = facts.ci;
  if (!ci) return null;
  const counted = new Set(ci.gates);
  const rows: string[][] = [];
  for (const workflow of ci.workflows)
    for (const job of workflow.jobs) {
      const state = workflow.invalid ? " (file invalid: does not run)" : job.neverRuns ? " (never runs)" : "";
      const services = [
        ...new Set([...(job.serviceImages ?? []), ...(job.serviceImages?.length ? [] : job.services)]),
      ];
      rows.push([
        `${workflow.path}:${job.line}`,
        `${job.id}${state}`,
        workflow.triggers.join(", ") || "—",
        job.needs.join(", ") || "—",
        services.join(", ") || "—",
        gatesText(job, counted),
        jobPermissions(workflow, job),
      ]);
    }
  if (rows.length === 0) return null;
  const shown = rows.slice(0, MAX_ROWS);
  return {
    title: "CI jobs",
    columns: ["Where", "Job", "Triggers", "Needs", "Services", "Gates", "Permissions"],
    rows: shown,
    note: `${rows.length > MAX_ROWS ? `The first ${MAX_ROWS} of ${rows.length} jobs. ` : ""}Gates are the checks the job's steps amount to; "does not gate" marks checks whose failure is ignored (or whose job or file never runs). Permissions "default" means the repository's default token scopes.`,
  };
}
