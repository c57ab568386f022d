import { DEFAULT_NOTIFICATION_PREFERENCES, type Module, type Role } from "@kavi/domain";
import { hashPassword } from "@kavi/security";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { businesses, memberships, moduleAssignments, userProfiles, users } from "../schema";

export const DEMO_PASSWORD = "Sokoni-Asubuhi-2026";

export const DEMO_BUSINESS = {
  legalName: "Wanjiru Fresh Produce Ltd",
  tradingName: "Wanjiru Fresh",
  registrationNumber: "PVT-2019-KQ8H4M",
  taxId: "P051234567X",
  email: "hello@wanjirufresh.co.ke",
  phone: "+254722123456",
  website: "https://wanjirufresh.co.ke",
  address: "Stall 14, Wakulima (Marikiti) Market, Haile Selassie Avenue",
  city: "Nairobi",
  country: "KE",
  foundingYear: 2019,
  employeeCount: 8,
  industry: "Wholesale & distribution",
  businessModel: "Sells products",
  revenueBand: "KES 5M – 25M",
  baseCurrency: "KES",
  timezone: "Africa/Nairobi",
} as const;

interface DemoPerson {
  email: string;
  fullName: string;
  jobTitle: string;
  phone: string;
  role: Role | null;
  modules: Module[];
  isSuperAdmin?: boolean;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    email: "amina@demo.kavi.africa",
    fullName: "Amina Wanjiru",
    jobTitle: "Founder & MD",
    phone: "+254722123456",
    role: "owner",
    modules: [],
  },
  {
    email: "brian@demo.kavi.africa",
    fullName: "Brian Otieno",
    jobTitle: "Sales & deliveries",
    phone: "+254711987654",
    role: "staff",
    modules: ["transactions", "invoices", "payments"],
  },
  {
    email: "grace@demo.kavi.africa",
    fullName: "Grace Muthoni",
    jobTitle: "Accountant (external)",
    phone: "+254733456789",
    role: "viewer",
    modules: [],
  },
  {
    email: "ops@demo.kavi.africa",
    fullName: "KAVI Operations",
    jobTitle: "Platform operator",
    phone: "+254700000001",
    role: null,
    modules: [],
    isSuperAdmin: true,
  },
];

/** Creates (or brings back to a known state) the demo business and its people. Running it twice changes nothing. */
export async function seedDemoAccounts(
  db: Database,
  now: Date,
): Promise<{ businessId: string; ownerId: string }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const userIds = new Map<string, string>();
    for (const person of DEMO_PEOPLE) {
      const [user] = await tx
        .insert(users)
        .values({
          email: person.email,
          fullName: person.fullName,
          passwordHash,
          isSuperAdmin: person.isSuperAdmin ?? false,
          emailVerifiedAt: now,
        })
        .onConflictDoUpdate({
          target: users.email,
          set: {
            fullName: person.fullName,
            passwordHash,
            isSuperAdmin: person.isSuperAdmin ?? false,
            // Demo accounts are verified, also in a database seeded before verification existed.
            emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now})`,
          },
        })
        .returning({ id: users.id });
      if (!user) throw new Error(`could not seed ${person.email}`);
      userIds.set(person.email, user.id);
      await tx
        .insert(userProfiles)
        .values({
          userId: user.id,
          phone: person.phone,
          jobTitle: person.jobTitle,
          company: DEMO_BUSINESS.tradingName,
          country: "Kenya",
          city: "Nairobi",
          notificationPreferences: DEFAULT_NOTIFICATION_PREFERENCES,
        })
        .onConflictDoNothing();
    }
    const ownerId = userIds.get("amina@demo.kavi.africa");
    if (!ownerId) throw new Error("demo owner missing");

    // Names are not unique: the demo business is the one with its name that the demo owner created.
    const [existing] = await tx
      .select({ id: businesses.id })
      .from(businesses)
      .where(
        and(
          eq(sql`lower(${businesses.legalName})`, DEMO_BUSINESS.legalName.toLowerCase()),
          eq(businesses.createdByUserId, ownerId),
        ),
      );
    const businessId =
      existing?.id ??
      (
        await tx
          .insert(businesses)
          .values({ ...DEMO_BUSINESS, createdByUserId: ownerId, createdAt: now, updatedAt: now })
          .returning({ id: businesses.id })
      )[0]?.id;
    if (!businessId) throw new Error("could not seed the demo business");

    for (const person of DEMO_PEOPLE) {
      const userId = userIds.get(person.email);
      if (!person.role || !userId) continue;
      const [membership] = await tx
        .insert(memberships)
        .values({ businessId, userId, role: person.role })
        .onConflictDoUpdate({
          target: [memberships.businessId, memberships.userId],
          set: { role: person.role },
        })
        .returning({ id: memberships.id });
      if (!membership) continue;
      await tx.delete(moduleAssignments).where(eq(moduleAssignments.membershipId, membership.id));
      if (person.modules.length > 0) {
        await tx.insert(moduleAssignments).values(
          person.modules.map((module) => ({
            membershipId: membership.id,
            businessId,
            module,
            assignedByUserId: ownerId,
          })),
        );
      }
      await tx.update(users).set({ lastBusinessId: businessId }).where(eq(users.id, userId));
    }
    return { businessId, ownerId };
  });
}
