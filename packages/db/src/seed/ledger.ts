import {
  addDays,
  addMonths,
  convertToBase,
  DEFAULT_CATEGORIES,
  endOfMonth,
  localDateOf,
  type PaymentMethod,
  type SystemCategoryKey,
  startOfMonth,
  zonedDateTimeToInstant,
} from "@kavi/domain";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import {
  budgets,
  businesses,
  categories,
  categoryRules,
  customers,
  invoiceSettings,
  suppliers,
  transactions,
} from "../schema";

/**
 * A year of believable activity for Wanjiru Fresh Produce (a wholesaler at Wakulima market): sales to hotels,
 * restaurants, schools and market traders with a weekly rhythm (busy Fridays and Saturdays, quiet Sundays)
 * and seasons (a December peak, a January dip, school terms), stock bought from farms in Kinangop and Limuru,
 * transport, rent, wages, taxes, M-Pesa charges, a few US-dollar sales, and budgets both over and under.
 *
 * Deterministic (a seeded PRNG) and idempotent: the year ends on the day the demo business was created, and
 * every row has an external id, so running the seed again changes nothing.
 */

export interface DemoCustomer {
  accountNumber: string;
  name: string;
  phone: string;
  email: string | null;
  taxId: string | null;
  city: string;
  paymentTermsDays: number;
  /** Relative weight of their orders, and how they usually pay. */
  weight: number;
  pays: PaymentMethod;
}

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    accountNumber: "C0001",
    name: "Serena Hotel Nairobi",
    phone: "+254722100200",
    email: "purchasing@serena-demo.co.ke",
    taxId: "P051100200A",
    city: "Nairobi",
    paymentTermsDays: 30,
    weight: 9,
    pays: "bank",
  },
  {
    accountNumber: "C0002",
    name: "Tamarind Tree Hotel",
    phone: "+254733200300",
    email: "stores@tamarindtree-demo.co.ke",
    taxId: "P051200300B",
    city: "Nairobi",
    paymentTermsDays: 30,
    weight: 7,
    pays: "bank",
  },
  {
    accountNumber: "C0003",
    name: "Java House Kimathi Street",
    phone: "+254711300400",
    email: "kimathi@javahouse-demo.co.ke",
    taxId: "P051300400C",
    city: "Nairobi",
    paymentTermsDays: 14,
    weight: 6,
    pays: "mpesa",
  },
  {
    accountNumber: "C0004",
    name: "Mama Oliech Restaurant",
    phone: "+254720400500",
    email: null,
    taxId: null,
    city: "Nairobi",
    paymentTermsDays: 7,
    weight: 5,
    pays: "mpesa",
  },
  {
    accountNumber: "C0005",
    name: "Nyama Mama Delta",
    phone: "+254798500600",
    email: "chef@nyamamama-demo.co.ke",
    taxId: "P051500600D",
    city: "Nairobi",
    paymentTermsDays: 14,
    weight: 4,
    pays: "mpesa",
  },
  {
    accountNumber: "C0006",
    name: "Braeburn School",
    phone: "+254722600700",
    email: "bursar@braeburn-demo.ac.ke",
    taxId: "P051600700E",
    city: "Nairobi",
    paymentTermsDays: 30,
    weight: 6,
    pays: "bank",
  },
  {
    accountNumber: "C0007",
    name: "Moi Girls' School Nairobi",
    phone: "+254712700800",
    email: "catering@moigirls-demo.sc.ke",
    taxId: null,
    city: "Nairobi",
    paymentTermsDays: 30,
    weight: 5,
    pays: "cheque",
  },
  {
    accountNumber: "C0008",
    name: "Kenyatta University Catering",
    phone: "+254720800900",
    email: "procurement@ku-demo.ac.ke",
    taxId: "P051800900F",
    city: "Nairobi",
    paymentTermsDays: 45,
    weight: 6,
    pays: "bank",
  },
  {
    accountNumber: "C0009",
    name: "Mama Njeri (Gikomba stall 22)",
    phone: "+254727900100",
    email: null,
    taxId: null,
    city: "Nairobi",
    paymentTermsDays: 0,
    weight: 5,
    pays: "mpesa",
  },
  {
    accountNumber: "C0010",
    name: "Otieno Fresh Kiosk, Kawangware",
    phone: "+254701010203",
    email: null,
    taxId: null,
    city: "Nairobi",
    paymentTermsDays: 0,
    weight: 4,
    pays: "mpesa",
  },
  {
    accountNumber: "C0011",
    name: "Wambui Greengrocers, Kangemi",
    phone: "+254745020304",
    email: null,
    taxId: null,
    city: "Nairobi",
    paymentTermsDays: 0,
    weight: 4,
    pays: "cash",
  },
  {
    accountNumber: "C0012",
    name: "Naivas Supermarket Westlands",
    phone: "+254709030405",
    email: "fresh@naivas-demo.co.ke",
    taxId: "P051903040G",
    city: "Nairobi",
    paymentTermsDays: 30,
    weight: 7,
    pays: "bank",
  },
  {
    accountNumber: "C0013",
    name: "Kilimani Juice Bar",
    phone: "+254768040506",
    email: null,
    taxId: null,
    city: "Nairobi",
    paymentTermsDays: 7,
    weight: 2,
    pays: "mpesa",
  },
  {
    accountNumber: "C0014",
    name: "Gulf Fresh Imports LLC (Dubai)",
    phone: "+971501234567",
    email: "buying@gulffresh-demo.ae",
    taxId: null,
    city: "Dubai",
    paymentTermsDays: 30,
    weight: 0,
    pays: "bank",
  },
];

interface DemoSupplier {
  name: string;
  phone: string;
  city: string;
  paymentDetails: string;
}

export const DEMO_SUPPLIERS: DemoSupplier[] = [
  {
    name: "Kinangop Fresh Farmers Cooperative",
    phone: "+254722111222",
    city: "Kinangop",
    paymentDetails: "Paybill 522522, account KFFC-014",
  },
  {
    name: "Limuru Greens Farm",
    phone: "+254733222333",
    city: "Limuru",
    paymentDetails: "M-Pesa 0733 222 333 (Peter Kamau)",
  },
  {
    name: "Nyandarua Potato Growers",
    phone: "+254711333444",
    city: "Ol Kalou",
    paymentDetails: "Equity Bank 0180 2934 5561",
  },
  {
    name: "Naivasha Tomato Growers Group",
    phone: "+254720444555",
    city: "Naivasha",
    paymentDetails: "Till 884 512",
  },
  {
    name: "Mwangi Transporters",
    phone: "+254712555666",
    city: "Nairobi",
    paymentDetails: "M-Pesa 0712 555 666",
  },
  {
    name: "Gikomba Crates & Packaging",
    phone: "+254798666777",
    city: "Nairobi",
    paymentDetails: "Till 447 120",
  },
  {
    name: "Nairobi City County (Wakulima stalls)",
    phone: "+254709777888",
    city: "Nairobi",
    paymentDetails: "e-Citizen / bank standing order",
  },
  {
    name: "Kenya Power",
    phone: "+254703070707",
    city: "Nairobi",
    paymentDetails: "Paybill 888880, account 37123456789",
  },
];

const capitalise = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** mulberry32: small, fast and deterministic. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const MONTH_SEASON = [0.8, 0.85, 0.95, 1.05, 0.95, 0.9, 0.95, 1.1, 1.0, 1.0, 1.1, 1.35];
const WEEKDAY_RHYTHM = [0.35, 1.1, 1.0, 0.95, 1.0, 1.2, 1.3]; // Sunday first

type Row = typeof transactions.$inferInsert;

/** Recent rows left without a category (see the seed's Review queue step). */
const UNCATEGORISED_DEMO_ROWS: {
  daysAgo: number;
  type: "income" | "expense";
  shillings: number;
  description: string;
  method: PaymentMethod;
  supplier?: string;
}[] = [
  {
    daysAgo: 1,
    type: "expense",
    shillings: 2_800,
    description: "Fuel, delivery pick-up (Rubis Haile Selassie)",
    method: "card",
  },
  {
    daysAgo: 1,
    type: "expense",
    shillings: 1_500,
    description: "Harambee for Mama Njeri's hospital bill",
    method: "cash",
  },
  {
    daysAgo: 2,
    type: "expense",
    shillings: 900,
    description: "Safaricom airtime and data bundles for the team",
    method: "mpesa",
  },
  {
    daysAgo: 2,
    type: "expense",
    shillings: 3_000,
    description: "County parking fine, Wakulima lorry",
    method: "cash",
  },
  {
    daysAgo: 3,
    type: "expense",
    shillings: 4_500,
    description: "Lorry hire Limuru → Wakulima",
    method: "mpesa",
    supplier: "Mwangi",
  },
  {
    daysAgo: 3,
    type: "expense",
    shillings: 350,
    description: "Boda boda delivery to Java House",
    method: "mpesa",
  },
  {
    daysAgo: 4,
    type: "expense",
    shillings: 5_200,
    description: "Customer Transfer to 0722***456 PETER OTIENO",
    method: "mpesa",
  },
  {
    daysAgo: 5,
    type: "expense",
    shillings: 5_600,
    description: "KPLC prepaid tokens, cold room",
    method: "mpesa",
    supplier: "Kenya Power",
  },
  {
    daysAgo: 6,
    type: "expense",
    shillings: 800,
    description: "Chai na mandazi for the loaders",
    method: "cash",
  },
  {
    daysAgo: 7,
    type: "expense",
    shillings: 72_000,
    description: "Tomatoes from Kinangop",
    method: "bank",
    supplier: "Kinangop",
  },
  { daysAgo: 8, type: "expense", shillings: 1_200, description: "Gunny bags and twine", method: "cash" },
  {
    daysAgo: 9,
    type: "income",
    shillings: 2_400,
    description: "Sold empty crates to a Gikomba trader",
    method: "cash",
  },
  {
    daysAgo: 11,
    type: "expense",
    shillings: 2_500,
    description: "Weighing scale calibration, Weights and Measures",
    method: "bank",
  },
];

export interface LedgerSeedResult {
  customers: number;
  suppliers: number;
  transactions: number;
  budgets: number;
}

export async function seedDemoLedger(
  db: Database,
  businessId: string,
  ownerId: string,
): Promise<LedgerSeedResult> {
  return db.transaction(async (tx) => {
    const [business] = await tx.select().from(businesses).where(eq(businesses.id, businessId));
    if (!business) throw new Error("demo business missing");
    const zone = business.timezone;
    await tx
      .insert(categories)
      .values(
        DEFAULT_CATEGORIES.map((category) => ({
          businessId,
          kind: category.kind,
          name: category.name,
          systemKey: category.systemKey,
          color: category.color,
          isDefault: true,
        })),
      )
      .onConflictDoNothing();
    const categoryRows = await tx.select().from(categories).where(eq(categories.businessId, businessId));
    const categoryId = (key: SystemCategoryKey) =>
      categoryRows.find((row) => row.systemKey === key)?.id ?? null;

    await tx
      .insert(customers)
      .values(
        DEMO_CUSTOMERS.map((customer) => ({
          businessId,
          accountNumber: customer.accountNumber,
          name: customer.name,
          phone: customer.phone,
          email: customer.email,
          taxId: customer.taxId,
          city: customer.city,
          country: customer.city === "Dubai" ? "AE" : "KE",
          currency: customer.city === "Dubai" ? "USD" : "KES",
          paymentTermsDays: customer.paymentTermsDays,
          createdByUserId: ownerId,
        })),
      )
      .onConflictDoNothing();
    const customerRows = await tx.select().from(customers).where(eq(customers.businessId, businessId));
    const customerId = (account: string) =>
      customerRows.find((row) => row.accountNumber === account)?.id ?? null;

    const existingSuppliers = await tx.select().from(suppliers).where(eq(suppliers.businessId, businessId));
    const missing = DEMO_SUPPLIERS.filter(
      (supplier) => !existingSuppliers.some((row) => row.name === supplier.name),
    );
    if (missing.length > 0) {
      await tx
        .insert(suppliers)
        .values(missing.map((supplier) => ({ ...supplier, businessId, createdByUserId: ownerId })));
    }
    const supplierRows = await tx.select().from(suppliers).where(eq(suppliers.businessId, businessId));
    const supplierId = (name: string) => supplierRows.find((row) => row.name.startsWith(name))?.id ?? null;

    // The year ends the day the demo business was created, so the dashboard looks current after a fresh seed.
    const lastDay = localDateOf(business.createdAt, zone);
    const firstDay = addDays(lastDay, -364);
    const random = prng(20_191_104);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const between = (min: number, max: number, step = 50) =>
      Math.round((min + random() * (max - min)) / step) * step;
    const at = (day: string, hour: number, minute: number) =>
      zonedDateTimeToInstant(
        `${day}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00`,
        zone,
      );
    const rows: Row[] = [];
    let sequence = 0;
    const add = (
      day: string,
      row: Omit<Row, "businessId" | "externalId" | "baseAmountMinor" | "currency"> & {
        currency?: string;
        rate?: string;
      },
    ) => {
      sequence += 1;
      const currency = row.currency ?? "KES";
      const rate = row.rate ?? "1";
      rows.push({
        ...row,
        businessId,
        createdByUserId: ownerId,
        currency,
        exchangeRate: rate,
        baseAmountMinor:
          currency === "KES" ? row.amountMinor : convertToBase(row.amountMinor, currency, rate, "KES"),
        externalId: `seed:${day}:${String(sequence).padStart(5, "0")}`,
        source: row.source ?? "manual",
        // Typed rows were categorised by the owner; M-Pesa rows by KAVI's defaults.
        categorySource: row.categoryId ? ((row.source ?? "manual") === "manual" ? "person" : "system") : null,
      });
    };
    const mpesaCharge = (day: string, amountMinor: bigint, hour: number, minute: number, receipt: string) => {
      const shillings = Number(amountMinor / 100n);
      const fee = shillings <= 1_000 ? 13 : shillings <= 10_000 ? 23 : shillings <= 50_000 ? 57 : 108;
      add(day, {
        type: "expense",
        amountMinor: BigInt(fee * 100),
        categoryId: categoryId("mpesa_charges"),
        description: "Pay Bill Charge",
        paymentMethod: "mpesa",
        transactionDate: at(day, hour, minute),
        referenceNumber: receipt,
        source: "mpesa",
      });
    };
    const receipt = () =>
      `S${Array.from({ length: 9 }, () => "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"[Math.floor(random() * 34)]).join("")}`;
    const weightedCustomers = DEMO_CUSTOMERS.filter((customer) => customer.weight > 0).flatMap((customer) =>
      Array.from({ length: customer.weight }, () => customer),
    );
    const farms = ["Kinangop", "Limuru", "Nyandarua", "Naivasha"];
    const produce = [
      "tomatoes",
      "sukuma wiki",
      "cabbages",
      "onions",
      "potatoes",
      "carrots",
      "spinach",
      "avocados",
      "bananas",
      "capsicum",
    ];
    let previousMonthSales = 0n;
    let monthSales = 0n;

    for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
      const date = new Date(`${day}T12:00:00Z`);
      const weekday = date.getUTCDay();
      const month = date.getUTCMonth();
      const dayOfMonth = date.getUTCDate();
      const intensity = (MONTH_SEASON[month] ?? 1) * (WEEKDAY_RHYTHM[weekday] ?? 1);
      if (dayOfMonth === 1) {
        previousMonthSales = monthSales;
        monthSales = 0n;
      }

      // Sales: more on busy days and in busy months.
      const salesToday = Math.max(0, Math.round(intensity * (1.2 + random() * 1.6)));
      for (let index = 0; index < salesToday; index += 1) {
        const customer = pick(weightedCustomers);
        const big = customer.pays === "bank" || customer.pays === "cheque";
        const amount = BigInt(
          Math.round(between(big ? 12_000 : 1_800, big ? 58_000 : 15_000) * intensity) * 100,
        );
        const hour = 6 + Math.floor(random() * 11);
        const minute = Math.floor(random() * 60);
        const code = customer.pays === "mpesa" ? receipt() : `BNK${day.replace(/-/g, "")}${index}`;
        monthSales += amount;
        const item = pick(produce);
        add(day, {
          type: "income",
          amountMinor: amount,
          categoryId: categoryId(random() < 0.1 ? "services" : "sales"),
          description: `${capitalise(item)} and mixed vegetables — ${customer.name}`,
          paymentMethod: customer.pays,
          transactionDate: at(day, hour, minute),
          referenceNumber: customer.pays === "cash" ? null : code,
          customerId: customerId(customer.accountNumber),
          source: customer.pays === "mpesa" ? "mpesa" : "manual",
          status: day > addDays(lastDay, -3) && big && random() < 0.5 ? "pending" : "completed",
        });
      }

      // Stock from the farms: Mondays, Wednesdays and Fridays before dawn.
      if ([1, 3, 5].includes(weekday)) {
        const farm = pick(farms);
        const amount = BigInt(Math.round(between(48_000, 96_000) * (MONTH_SEASON[month] ?? 1)) * 100);
        const viaMpesa = farm === "Limuru" || farm === "Naivasha";
        const code = receipt();
        add(day, {
          type: "expense",
          amountMinor: amount,
          categoryId: categoryId("stock_purchases"),
          description: `${capitalise(pick(produce))} from ${farm}`,
          paymentMethod: viaMpesa ? "mpesa" : "bank",
          transactionDate: at(day, 5, 10 + Math.floor(random() * 40)),
          referenceNumber: viaMpesa ? code : `PL-${day.replace(/-/g, "")}`,
          supplierId: supplierId(farm),
          source: viaMpesa ? "mpesa" : "manual",
        });
        if (viaMpesa) mpesaCharge(day, amount, 5, 55, code);
        const transport = BigInt(between(2_500, 6_500) * 100);
        add(day, {
          type: "expense",
          amountMinor: transport,
          categoryId: categoryId("transport_fuel"),
          description: `Lorry hire ${farm} → Wakulima`,
          paymentMethod: "mpesa",
          transactionDate: at(day, 9, 30),
          referenceNumber: receipt(),
          supplierId: supplierId("Mwangi"),
        });
      }
      if (weekday === 6) {
        add(day, {
          type: "expense",
          amountMinor: BigInt(between(1_500, 4_000) * 100),
          categoryId: categoryId("transport_fuel"),
          description: "Fuel, delivery pick-up (Rubis Haile Selassie)",
          paymentMethod: "card",
          transactionDate: at(day, 7, 45),
        });
      }
      if (weekday === 2) {
        add(day, {
          type: "expense",
          amountMinor: BigInt(between(500, 1_500) * 100),
          categoryId: categoryId("airtime_data"),
          description: "Safaricom airtime and data bundles for the team",
          paymentMethod: "mpesa",
          transactionDate: at(day, 8, 15),
          referenceNumber: receipt(),
        });
      }
      if (dayOfMonth === 5) {
        add(day, {
          type: "expense",
          amountMinor: 3_500_000n,
          categoryId: categoryId("rent"),
          description: "Wakulima market stall 14 and cold room, monthly",
          paymentMethod: "bank",
          transactionDate: at(day, 10, 0),
          supplierId: supplierId("Nairobi City County"),
        });
      }
      if (dayOfMonth === 8) {
        add(day, {
          type: "expense",
          amountMinor: BigInt(between(4_200, 6_800) * 100),
          categoryId: categoryId("utilities"),
          description: "KPLC prepaid tokens, cold room",
          paymentMethod: "mpesa",
          transactionDate: at(day, 11, 20),
          supplierId: supplierId("Kenya Power"),
          referenceNumber: receipt(),
        });
        add(day, {
          type: "expense",
          amountMinor: 135_000n,
          categoryId: categoryId("utilities"),
          description: "Nairobi Water, stall 14",
          paymentMethod: "mpesa",
          transactionDate: at(day, 11, 35),
          referenceNumber: receipt(),
        });
      }
      if (dayOfMonth === 9) {
        add(day, {
          type: "expense",
          amountMinor: 1_450_000n,
          categoryId: categoryId("tax_paye"),
          description: "PAYE, NSSF and SHIF for last month",
          paymentMethod: "bank",
          transactionDate: at(day, 10, 30),
        });
      }
      if (dayOfMonth === 15) {
        add(day, {
          type: "expense",
          amountMinor: 2_500_000n,
          categoryId: categoryId("loan_repayments"),
          description: "KCB Biashara loan instalment",
          paymentMethod: "bank",
          transactionDate: at(day, 9, 0),
        });
      }
      if (dayOfMonth === 20 && previousMonthSales > 0n) {
        add(day, {
          type: "expense",
          // Turnover tax: 1.5 % of last month's gross sales, rounded to the shilling.
          amountMinor: ((previousMonthSales * 15n) / 100_000n) * 100n,
          categoryId: categoryId("tax_turnover"),
          description: "Turnover tax (iTax) for last month",
          paymentMethod: "bank",
          transactionDate: at(day, 14, 0),
        });
      }
      if (dayOfMonth === 28) {
        add(day, {
          type: "expense",
          amountMinor: 12_800_000n,
          categoryId: categoryId("salaries"),
          description: "Salaries: 6 staff (sorting, sales, deliveries)",
          paymentMethod: "bank",
          transactionDate: at(day, 16, 0),
        });
        add(day, {
          type: "expense",
          amountMinor: 35_000n,
          categoryId: categoryId("mpesa_charges"),
          description: "Equity Bank ledger fee",
          paymentMethod: "bank",
          transactionDate: at(day, 23, 0),
        });
      }
      if (dayOfMonth === 12 && month % 2 === 0) {
        add(day, {
          type: "expense",
          amountMinor: BigInt(between(3_000, 9_000) * 100),
          categoryId: categoryId("marketing"),
          description: pick([
            "Flyers for hotels in Westlands",
            "Facebook and Instagram ads",
            "Branded crates stickers",
          ]),
          paymentMethod: "mpesa",
          transactionDate: at(day, 13, 0),
          referenceNumber: receipt(),
        });
      }
      if (dayOfMonth === 18 && month % 4 === 1) {
        add(day, {
          type: "income",
          amountMinor: BigInt(between(850, 1_400, 10) * 100),
          currency: "USD",
          rate: pick(["128.95", "129.10", "129.35", "129.60"]),
          categoryId: categoryId("sales"),
          description: "Avocado export consignment, Gulf Fresh Imports (USD)",
          paymentMethod: "bank",
          transactionDate: at(day, 11, 0),
          referenceNumber: `SWIFT-${day.replace(/-/g, "")}`,
          customerId: customerId("C0014"),
        });
      }
      if (dayOfMonth === 3) {
        add(day, {
          type: "expense",
          amountMinor: 2_900n,
          currency: "USD",
          rate: "129.20",
          categoryId: categoryId("equipment"),
          description: "Cold-room temperature sensor subscription (USD)",
          paymentMethod: "card",
          transactionDate: at(day, 9, 0),
        });
      }
    }
    // A few bigger one-offs.
    add(addDays(lastDay, -300), {
      type: "expense",
      amountMinor: 1_850_000n,
      categoryId: categoryId("equipment"),
      description: "Platform weighing scale, 300 kg",
      paymentMethod: "bank",
      transactionDate: at(addDays(lastDay, -300), 11, 0),
    });
    add(addDays(lastDay, -150), {
      type: "expense",
      amountMinor: 4_200_000n,
      categoryId: categoryId("equipment"),
      description: "Cold room compressor repair",
      paymentMethod: "bank",
      transactionDate: at(addDays(lastDay, -150), 15, 0),
    });
    add(addDays(lastDay, -60), {
      type: "expense",
      amountMinor: 960_000n,
      categoryId: categoryId("stock_purchases"),
      description: "120 plastic crates",
      paymentMethod: "mpesa",
      transactionDate: at(addDays(lastDay, -60), 10, 0),
      supplierId: supplierId("Gikomba"),
      referenceNumber: receipt(),
    });
    add(addDays(lastDay, -40), {
      type: "transfer",
      amountMinor: 10_000_000n,
      description: "M-Pesa float to Equity Bank",
      paymentMethod: "bank",
      transactionDate: at(addDays(lastDay, -40), 17, 0),
    });

    let inserted = 0;
    for (let start = 0; start < rows.length; start += 500) {
      const chunk = rows.slice(start, start + 500);
      const result = await tx
        .insert(transactions)
        .values(chunk)
        .onConflictDoNothing({
          target: [transactions.businessId, transactions.externalId],
          where: sql`${transactions.externalId} is not null`,
        })
        .returning({ id: transactions.id });
      inserted += result.length;
    }
    // One mistaken entry, voided (it stays on record).
    await tx
      .update(transactions)
      .set({ status: "void", voidedAt: business.createdAt, voidReason: "Entered twice by mistake" })
      .where(
        and(
          eq(transactions.businessId, businessId),
          eq(transactions.externalId, rows[rows.length - 10]?.externalId ?? ""),
          sql`${transactions.status} <> 'void'`,
        ),
      );

    // The last fortnight's rows nobody has categorised yet, for the Review queue and "Categorise all": some the
    // learned model knows from the year's history, some only Gemini (the fake in development) recognises, some
    // need a person. Their own PRNG and external ids, so the year above stays exactly as it was.
    // Two rules the owner wrote, so Settings › Categories has examples and "Categorise all" shows rules at work.
    const existingRules = await tx
      .select({ id: categoryRules.id })
      .from(categoryRules)
      .where(eq(categoryRules.businessId, businessId))
      .limit(1);
    const utilitiesId = categoryId("utilities");
    const transportId = categoryId("transport_fuel");
    if (existingRules.length === 0 && utilitiesId && transportId) {
      await tx.insert(categoryRules).values([
        {
          businessId,
          categoryId: utilitiesId,
          field: "description",
          text: "KPLC",
          priority: 10,
          createdByUserId: ownerId,
        },
        {
          businessId,
          categoryId: transportId,
          field: "any",
          text: "lorry hire",
          paymentMethod: "mpesa",
          priority: 20,
          createdByUserId: ownerId,
        },
      ]);
    }
    const reviewRandom = prng(20_261_203);
    const reviewRows: Row[] = UNCATEGORISED_DEMO_ROWS.map((row, index) => {
      const day = addDays(lastDay, -row.daysAgo);
      return {
        businessId,
        createdByUserId: ownerId,
        type: row.type,
        amountMinor: BigInt(row.shillings * 100),
        currency: "KES",
        exchangeRate: "1",
        baseAmountMinor: BigInt(row.shillings * 100),
        categoryId: null,
        description: row.description,
        paymentMethod: row.method,
        transactionDate: at(day, 8 + Math.floor(reviewRandom() * 9), Math.floor(reviewRandom() * 60)),
        referenceNumber: row.method === "mpesa" ? `SR${String(index).padStart(8, "0")}` : null,
        externalId: `seed-review:${day}:${String(index).padStart(3, "0")}`,
        source: "manual",
        supplierId: row.supplier ? supplierId(row.supplier) : null,
      };
    });
    const reviewInserted = await tx
      .insert(transactions)
      .values(reviewRows)
      .onConflictDoNothing({
        target: [transactions.businessId, transactions.externalId],
        where: sql`${transactions.externalId} is not null`,
      })
      .returning({ id: transactions.id });
    inserted += reviewInserted.length;

    // Budgets for the last three months and this one: transport runs over, stock stays under.
    const plans: [SystemCategoryKey, number][] = [
      ["stock_purchases", 1_100_000],
      ["transport_fuel", 45_000],
      ["airtime_data", 4_500],
      ["marketing", 8_000],
      ["utilities", 7_000],
      ["salaries", 128_000],
    ];
    let budgetCount = 0;
    for (let offset = -3; offset <= 0; offset += 1) {
      const periodStart = addMonths(startOfMonth(lastDay), offset);
      for (const [key, shillings] of plans) {
        const id = categoryId(key);
        if (!id) continue;
        const result = await tx
          .insert(budgets)
          .values({
            businessId,
            categoryId: id,
            period: "month",
            periodStart,
            periodEnd: endOfMonth(periodStart),
            amountMinor: BigInt(shillings * 100),
            currency: "KES",
            createdByUserId: ownerId,
          })
          .onConflictDoNothing()
          .returning({ id: budgets.id });
        budgetCount += result.length;
      }
    }

    // The cash-flow running balance starts from what the till and the bank held a year ago.
    await tx
      .insert(invoiceSettings)
      .values({ businessId, openingBalanceMinor: 48_000_000n, openingBalanceDate: firstDay })
      .onConflictDoNothing();
    await tx
      .update(invoiceSettings)
      .set({ openingBalanceMinor: 48_000_000n, openingBalanceDate: firstDay })
      .where(
        and(eq(invoiceSettings.businessId, businessId), sql`${invoiceSettings.openingBalanceDate} is null`),
      );

    return {
      customers: customerRows.length,
      suppliers: supplierRows.length,
      transactions: inserted,
      budgets: budgetCount,
    };
  });
}
