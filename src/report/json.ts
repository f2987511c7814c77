// audit.json: the Audit model itself, with stable key order and a trailing newline.
import type { Audit } from "../model/audit.js";

export function renderJson(audit: Audit): string {
  return JSON.stringify(audit, null, 2) + "\n";
}
