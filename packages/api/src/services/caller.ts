import { businesses, type Database, memberships, moduleAssignments, sessions, users } from "@kavi/db";
import type { Module, Role } from "@kavi/domain";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { AccessClaims } from "./access-tokens";
import type { CallerCache } from "./caller-cache";

export interface CallerUser {
  id: string;
  email: string;
  fullName: string;
  isSuperAdmin: boolean;
  /** The account has proved it reads its address's mail (link, code or an invitation link). */
  emailVerified: boolean;
}

export interface CallerBusiness {
  id: string;
  legalName: string;
  tradingName: string | null;
  baseCurrency: string;
  timezone: string;
}

export interface CallerMembership {
  id: string;
  role: Role;
  modules: Module[];
}

export interface Caller {
  user: CallerUser;
  sessionId: string;
  business: CallerBusiness | null;
  membership: CallerMembership | null;
}

/** The columns a caller is made of: the user, their membership (with its modules) and its business. */
export const CALLER_COLUMNS = {
  userId: users.id,
  email: users.email,
  fullName: users.fullName,
  isSuperAdmin: users.isSuperAdmin,
  emailVerifiedAt: users.emailVerifiedAt,
  membershipId: memberships.id,
  role: memberships.role,
  modules: sql<string[] | null>`(
    select array_agg(${moduleAssignments.module}::text order by ${moduleAssignments.module})
    from ${moduleAssignments}
    where ${moduleAssignments.membershipId} = ${memberships.id}
  )`,
  businessId: businesses.id,
  legalName: businesses.legalName,
  tradingName: businesses.tradingName,
  baseCurrency: businesses.baseCurrency,
  timezone: businesses.timezone,
};

/** A row of CALLER_COLUMNS (membership and business are null when the user is not a member). */
interface CallerRow {
  userId: string;
  email: string;
  fullName: string;
  isSuperAdmin: boolean;
  emailVerifiedAt: Date | null;
  membershipId: string | null;
  role: Role | null;
  modules: string[] | null;
  businessId: string | null;
  legalName: string | null;
  tradingName: string | null;
  baseCurrency: string | null;
  timezone: string | null;
}

/** A caller from a row of CALLER_COLUMNS; membership and business only when the row has a membership. */
export function callerFromRow(row: CallerRow, sessionId: string): Caller {
  const hasMembership = row.membershipId !== null && row.role !== null && row.businessId !== null;
  return {
    user: {
      id: row.userId,
      email: row.email,
      fullName: row.fullName,
      isSuperAdmin: row.isSuperAdmin,
      emailVerified: row.emailVerifiedAt !== null,
    },
    sessionId,
    membership:
      hasMembership && row.membershipId && row.role
        ? { id: row.membershipId, role: row.role, modules: (row.modules ?? []) as Module[] }
        : null,
    business:
      hasMembership && row.businessId && row.legalName && row.baseCurrency && row.timezone
        ? {
            id: row.businessId,
            legalName: row.legalName,
            tradingName: row.tradingName,
            baseCurrency: row.baseCurrency,
            timezone: row.timezone,
          }
        : null,
  };
}

function buildCallerQuery(db: Database, withBusiness: boolean) {
  return db
    .select({ ...CALLER_COLUMNS, sessionId: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(
      memberships,
      withBusiness
        ? and(eq(memberships.userId, users.id), eq(memberships.businessId, sql.placeholder("businessId")))
        : sql`false`,
    )
    .leftJoin(businesses, eq(businesses.id, memberships.businessId))
    .where(
      and(
        eq(sessions.id, sql.placeholder("sessionId")),
        eq(sessions.userId, sql.placeholder("userId")),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, sql`now()`),
        // Idle sessions are over: unused for longer than the idle timeout (a refresh counts as use).
        gt(sessions.lastSeenAt, sql.placeholder("idleSince")),
      ),
    )
    .limit(1);
}

type CallerQuery = ReturnType<ReturnType<typeof buildCallerQuery>["prepare"]>;

// Every authenticated request runs one of these two statements, so each is planned once per connection
// (a named prepared statement) and built once per process.
const preparedQueries = new WeakMap<Database, { plain: CallerQuery; scoped: CallerQuery }>();

function callerQueries(db: Database) {
  let prepared = preparedQueries.get(db);
  if (!prepared) {
    prepared = {
      plain: buildCallerQuery(db, false).prepare("kavi_load_caller"),
      scoped: buildCallerQuery(db, true).prepare("kavi_load_caller_in_business"),
    };
    preparedQueries.set(db, prepared);
  }
  return prepared;
}

/**
 * One query answers "is this session alive, who is it, and (when a business is named) what is their
 * membership there". Every authenticated request pays exactly this one round trip for authorization.
 */
export interface LoadCallerOptions {
  /** Sessions not used since this moment have gone idle and no longer count. */
  idleSince: Date;
}

export async function loadCaller(
  db: Database,
  callers: CallerCache,
  claims: AccessClaims,
  businessId: string | null,
  options: LoadCallerOptions,
): Promise<Caller | null> {
  const now = Date.now();
  const cached = callers.read(claims.sessionId, businessId, now);
  if (cached && cached.user.id === claims.userId) return cached;
  const generation = callers.generation();
  const caller = await queryCaller(db, claims, businessId, options);
  if (caller) callers.remember(caller, businessId, now, generation);
  return caller;
}

async function queryCaller(
  db: Database,
  claims: AccessClaims,
  businessId: string | null,
  { idleSince }: LoadCallerOptions,
): Promise<Caller | null> {
  const queries = callerQueries(db);
  const session = { sessionId: claims.sessionId, userId: claims.userId, idleSince };
  const [row] = businessId
    ? await queries.scoped.execute({ ...session, businessId })
    : await queries.plain.execute(session);
  return row ? callerFromRow(row, row.sessionId) : null;
}
