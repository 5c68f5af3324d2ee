import { createdKey, decodeCursor, toPage } from "../../shared/paging.ts";
import { changedFields, recordAudit } from "../../shared/audit.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { refusedByDatabase } from "../../shared/refusals.ts";
import type { Services } from "../../shared/services.ts";
import type { Viewer } from "../../shared/viewer.ts";
import { usersPageSql, type UserRow, type UsersFilter } from "./sql.ts";

type Role = UserRow["role"];

function toAdminUser(row: UserRow) {
  const spent = row.spent.map((entry) => ({ currency: entry.currency, cents: Number(entry.cents) }));
  return { ...row, spent, spentCents: spent.length === 0 ? 0 : spent.length === 1 ? spent[0]!.cents : null };
}

/** Users for the back office, newest first, with what each has done. */
export async function listUsers(
  { db }: Services,
  input: { search?: string | undefined; role?: Role | undefined; disabled?: boolean | undefined; cursor?: string | undefined; limit: number },
) {
  const filter: UsersFilter = { ...input, after: decodeCursor(createdKey, input.cursor) };
  const rows = await db.$queryRaw<UserRow[]>(usersPageSql(filter));
  const page = toPage(rows, input.limit, (row) => ({ t: row.createdAt.toISOString(), id: row.id }));
  return { items: page.items.map(toAdminUser), nextCursor: page.nextCursor };
}

/**
 * Changes a user's role or disables them. Both take effect on the user's next
 * call, since every call reads the account; disabling also revokes every
 * refresh token. The database keeps one active admin at least, whatever runs
 * at the same time (`LAST_ADMIN`).
 */
export async function updateUser({ db }: Services, actor: Viewer, input: { id: string; role?: Role | undefined; disabled?: boolean | undefined }) {
  await db
    .$transaction(async (tx) => {
      const was = await tx.user.findUnique({ where: { id: input.id }, select: { role: true, disabled: true } });
      if (!was) throw notFound("User");
      const change = { ...(input.role !== undefined ? { role: input.role } : {}), ...(input.disabled !== undefined ? { disabled: input.disabled } : {}) };
      await tx.user.update({ where: { id: input.id }, data: change });
      if (input.disabled) await tx.refreshToken.updateMany({ where: { userId: input.id, revokedAt: null }, data: { revokedAt: new Date() } });
      await recordAudit(tx, actor, { action: "user.update", targetType: "user", targetId: input.id, ...changedFields(was, change) });
    })
    .catch((error: unknown) => {
      const refusal = refusedByDatabase(error);
      if (refusal?.code === "LAST_ADMIN") throw new AppError("LAST_ADMIN", "This is the last active admin: make another admin first");
      throw refusal ?? error;
    });
  const [row] = await db.$queryRaw<UserRow[]>(usersPageSql({ id: input.id, limit: 1 }));
  return toAdminUser(row!);
}
