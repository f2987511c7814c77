// plan.json: the PlanReport itself (schema/plan.schema.json), with stable key order and a trailing newline.
import type { PlanReport } from "./types.js";

export function renderPlanJson(report: PlanReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}
