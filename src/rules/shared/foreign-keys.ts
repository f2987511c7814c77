// Judgement shared by the foreign-key-without-index rules (Ecto migrations, Prisma schemas, Drizzle and TypeORM
// tables): which references are audit references, and how a finding says why it is low.

/**
 * Who did something (`created_by_id`, `createdById`, `invited_by_user_id`, `updatedBy`): code rarely queries by
 * such a reference, so a missing index costs mostly a scan when the referenced row is deleted.
 */
export function isAuditReference(column: string): boolean {
  return /(?:^|[a-z])(?:By|_by)(?:User|_user)?(?:Id|_id)?$/.test(column);
}

/** The clause a low finding ends with for an audit reference. */
export function auditReferenceClause(referenced: string, table: string): string {
  return `; as an audit reference it is rarely queried by, so mainly deleting a ${referenced} row scans ${table}`;
}

/** The clause a low finding ends with when nothing queries through the reference. */
export function deletesOnlyClause(referenced: string, table: string): string {
  return `mainly deleting a ${referenced} row scans ${table}`;
}
