import { Prisma } from "@park/db";

export interface UserRow {
  id: string;
  username: string;
  email: string;
  role: "user" | "attendant" | "admin";
  phone: string | null;
  disabled: boolean;
  createdAt: Date;
  reservations: number;
  sessions: number;
  spent: { currency: string; cents: number }[];
  lastActivityAt: Date | null;
}

export interface UsersFilter {
  /** One user only. */
  id?: string | undefined;
  /** Part of a username, email or phone, or a whole id: audit entries name users by id. */
  search?: string | undefined;
  role?: "user" | "attendant" | "admin" | undefined;
  disabled?: boolean | undefined;
  after?: { t: string; id: string } | undefined;
  limit: number;
}

/**
 * One page of users, newest first, each with its activity: one statement
 * whatever the page size, every figure a correlated lookup on an index by
 * user. Money is summed per currency, never across.
 */
export function usersPageSql(filter: UsersFilter): Prisma.Sql {
  const search = filter.search?.toLowerCase();
  return Prisma.sql`
    SELECT u.id, u.username::text AS username, u.email::text AS email, u.role::text AS role, u.phone, u.disabled, u.created_at AS "createdAt",
           (SELECT count(*) FROM reservations r WHERE r.user_id = u.id)::int AS reservations,
           (SELECT count(*) FROM sessions s WHERE s.user_id = u.id)::int AS sessions,
           (SELECT COALESCE(jsonb_agg(jsonb_build_object('currency', p.currency, 'cents', p.cents) ORDER BY p.currency), '[]'::jsonb)
              FROM (SELECT currency::text AS currency, sum(amount_cents)::bigint AS cents FROM payments WHERE user_id = u.id GROUP BY currency) p) AS spent,
           GREATEST((SELECT max(s.started_at) FROM sessions s WHERE s.user_id = u.id),
                    (SELECT max(r.created_at) FROM reservations r WHERE r.user_id = u.id),
                    (SELECT max(t.created_at) FROM refresh_tokens t WHERE t.user_id = u.id)) AS "lastActivityAt"
    FROM users u
    WHERE TRUE
      ${filter.id ? Prisma.sql`AND u.id = ${filter.id}::uuid` : Prisma.empty}
      ${search ? Prisma.sql`AND (strpos(lower(u.username::text), ${search}) > 0 OR strpos(lower(u.email::text), ${search}) > 0 OR strpos(lower(COALESCE(u.phone, '')), ${search}) > 0 OR u.id::text = ${search})` : Prisma.empty}
      ${filter.role ? Prisma.sql`AND u.role = ${filter.role}::"Role"` : Prisma.empty}
      ${filter.disabled !== undefined ? Prisma.sql`AND u.disabled = ${filter.disabled}` : Prisma.empty}
      ${filter.after ? Prisma.sql`AND (u.created_at, u.id) < (${new Date(filter.after.t)}::timestamptz, ${filter.after.id}::uuid)` : Prisma.empty}
    ORDER BY u.created_at DESC, u.id DESC
    LIMIT ${filter.limit + 1}`;
}
