/**
 * A synthetic Kenyan small-business ledger for measuring the categoriser: a year of a mini-market and salon in
 * Kahawa West, written the way such ledgers really read — M-Pesa statement lines ("Pay Bill Online to 888880 -
 * KPLC PREPAID Acc. 54321"), supplier names, and notes typed in Kiswahili and Sheng ("Nauli ya boda kwenda
 * Gikomba", "mshahara wa Wanjiku", "bando ya team"). Some lines are ambiguous and a few are mislabelled, as in
 * life. Deterministic for a seed.
 */

export interface TSyntheticTransaction {
  /** Local date, YYYY-MM-DD. */
  date: string;
  type: "income" | "expense";
  description: string;
  paymentMethod: "mpesa" | "cash" | "bank" | "card";
  amountMinor: bigint;
  /** The true category: a default category's system key. */
  categoryKey: string;
  counterpartyName: string | null;
}

export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = [
  "JOHN",
  "MARY",
  "PETER",
  "GRACE",
  "JAMES",
  "FAITH",
  "DAVID",
  "MERCY",
  "BRIAN",
  "AKINYI",
  "OTIENO",
  "WANJIRU",
  "KIPROTICH",
  "NJERI",
  "MUTUA",
  "CHEBET",
];
const LAST_NAMES = ["KAMAU", "OCHIENG", "WANJIKU", "MWANGI", "KIPCHOGE", "ODHIAMBO", "MUTHONI", "KARIUKI"];
const STAFF = ["Wanjiku", "Achieng", "Mutua"];
const STOCK_SUPPLIERS = [
  { till: "552211", name: "NAIVAS SUPERMARKET" },
  { till: "884350", name: "BIDCO AFRICA DISTRIBUTOR" },
  { till: "303030", name: "JAMBO WHOLESALERS" },
  { till: "771100", name: "KAHAWA CASH AND CARRY" },
];

export function generateSyntheticLedger(options: { seed?: number; days?: number; start?: string } = {}) {
  const random = createRandom(options.seed ?? 7);
  const days = options.days ?? 365;
  const start = new Date(`${options.start ?? "2025-01-01"}T00:00:00Z`);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (low: number, high: number) => Math.round(low + random() * (high - low));
  const phone = () => `07${between(10, 99)}***${between(100, 999)}`;
  const person = () => `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
  const rows: TSyntheticTransaction[] = [];
  const add = (
    date: string,
    type: "income" | "expense",
    categoryKey: string,
    description: string,
    paymentMethod: TSyntheticTransaction["paymentMethod"],
    shillings: number,
    counterpartyName: string | null = null,
  ) => {
    rows.push({
      date,
      type,
      description,
      paymentMethod,
      amountMinor: BigInt(Math.max(shillings, 1) * 100),
      categoryKey,
      counterpartyName,
    });
  };
  const charge = (date: string, shillings: number, kind: string) =>
    add(
      date,
      "expense",
      "mpesa_charges",
      kind,
      "mpesa",
      shillings <= 1_000 ? 13 : shillings <= 10_000 ? 23 : shillings <= 50_000 ? 57 : 108,
    );

  for (let offset = 0; offset < days; offset += 1) {
    const day = new Date(start.getTime() + offset * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const weekday = day.getUTCDay();
    const dayOfMonth = day.getUTCDate();

    // Walk-in sales: M-Pesa till receipts and a daily cash total.
    const tillSales = between(2, 6) + (weekday === 5 || weekday === 6 ? 3 : 0);
    for (let index = 0; index < tillSales; index += 1) {
      add(
        date,
        "income",
        "sales",
        pick([
          `Funds received from ${phone()} ${person()}`,
          `Merchant Payment from ${phone()} ${person()}`,
          `Lipa na M-Pesa till 771234 ${person()}`,
        ]),
        "mpesa",
        between(150, 4_500),
      );
    }
    add(
      date,
      "income",
      "sales",
      pick(["Cash sales", "Mauzo ya leo cash", "Daily cash takings"]),
      "cash",
      between(3_000, 18_000),
    );
    if (random() < 0.45) {
      add(
        date,
        "income",
        "services",
        pick([
          "Salon services - braids",
          "Kusuka nywele na manicure",
          "Salon: blow dry and treatment",
          "Pedicure and manicure",
          `Salon booking paid by ${person()}`,
        ]),
        pick(["mpesa", "cash"] as const),
        between(500, 3_500),
      );
    }
    if (random() < 0.04) {
      add(
        date,
        "income",
        "other_income",
        pick([
          "Refund from Jambo Wholesalers",
          "M-Shwari interest earned",
          "Sold old display fridge",
          "Chama dividend",
        ]),
        pick(["mpesa", "bank"] as const),
        between(800, 12_000),
      );
    }

    // Stock: twice a week from a wholesaler, by till or bank.
    if (weekday === 2 || weekday === 5) {
      const supplier = pick(STOCK_SUPPLIERS);
      const shillings = between(9_000, 42_000);
      const viaMpesa = random() < 0.7;
      add(
        date,
        "expense",
        "stock_purchases",
        viaMpesa
          ? pick([
              `Merchant Payment to ${supplier.till} - ${supplier.name}`,
              `Buy Goods to ${supplier.till} - ${supplier.name}`,
            ])
          : pick([`Mzigo kutoka ${supplier.name}`, `Stock restock ${supplier.name} invoice`]),
        viaMpesa ? "mpesa" : "bank",
        shillings,
        supplier.name,
      );
      if (viaMpesa) charge(date, shillings, "Merchant Payment Charge");
      add(
        date,
        "expense",
        "transport_fuel",
        pick([
          "Nauli ya boda kwenda Gikomba",
          "Boda boda delivery ya mzigo",
          "Matatu fare to town for stock",
          `Customer Transfer to ${phone()} BODA ${pick(LAST_NAMES)}`,
        ]),
        "mpesa",
        between(150, 900),
      );
    }
    if (weekday === 1 && random() < 0.6) {
      add(
        date,
        "expense",
        "stock_purchases",
        pick([
          "Mitumba bale Gikomba",
          "Unga, sukari na mchele",
          "Bidco cooking oil cartons",
          "Mboga za duka",
        ]),
        "cash",
        between(2_000, 9_000),
      );
    }
    if (weekday === 6) {
      add(
        date,
        "expense",
        "transport_fuel",
        pick(["Mafuta Total Energies Thika Road", "Petrol for delivery motorbike", "Fuel Rubis Kahawa"]),
        pick(["mpesa", "cash", "card"] as const),
        between(800, 2_500),
      );
    }
    if (weekday === 3) {
      add(
        date,
        "expense",
        "airtime_data",
        pick(["Airtime Purchase", "Bando ya team", "Safaricom data bundles", "Buy Bundles 1GB"]),
        "mpesa",
        between(100, 1_000),
      );
    }
    if (random() < 0.08) {
      const shillings = between(500, 8_000);
      add(
        date,
        "expense",
        "other_expenses",
        `Customer Transfer to ${phone()} ${person()}`,
        "mpesa",
        shillings,
      );
      charge(date, shillings, "Customer Transfer Charge");
    }
    if (random() < 0.02) {
      add(
        date,
        "expense",
        "other_expenses",
        pick(["Harambee contribution", "Kanjo fine", "Chai for county askari", "Cleaning supplies sabuni"]),
        "cash",
        between(200, 3_000),
      );
    }

    // Monthly: rent, salaries, power, water, taxes, loans.
    if (dayOfMonth === 2) {
      add(
        date,
        "expense",
        "rent",
        pick([
          "Kodi ya duka",
          "Shop rent Kahawa West",
          "Pay Bill Online to 522522 - KAHAWA PLAZA Acc. SHOP12",
        ]),
        pick(["mpesa", "bank"] as const),
        25_000,
      );
    }
    if (dayOfMonth === 30 || (dayOfMonth === 28 && day.getUTCMonth() === 1)) {
      for (const name of STAFF) {
        add(
          date,
          "expense",
          "salaries",
          pick([
            `Mshahara wa ${name}`,
            `Salary ${name}`,
            `Customer Transfer to ${phone()} ${name.toUpperCase()} salary`,
          ]),
          "mpesa",
          between(12_000, 16_000),
          null,
        );
      }
    }
    if (dayOfMonth === 7 || dayOfMonth === 21) {
      const shillings = between(1_000, 3_000);
      add(
        date,
        "expense",
        "utilities",
        pick(["Pay Bill Online to 888880 - KPLC PREPAID Acc. 54321", "Stima tokens", "Token za stima"]),
        "mpesa",
        shillings,
        "KPLC",
      );
      charge(date, shillings, "Pay Bill Charge");
    }
    if (dayOfMonth === 10) {
      add(
        date,
        "expense",
        "utilities",
        pick(["Nairobi Water bill", "Maji ya mwezi", "Pay Bill Online to 444400 - NAIROBI WATER"]),
        "mpesa",
        between(600, 1_400),
      );
    }
    if (dayOfMonth === 19) {
      add(
        date,
        "expense",
        "tax_turnover",
        pick(["KRA iTax turnover tax", "Pay Bill Online to 572572 - KRA Acc. TOT", "Turnover tax payment"]),
        "mpesa",
        between(1_500, 4_000),
      );
    }
    if (dayOfMonth === 15) {
      add(
        date,
        "expense",
        "loan_repayments",
        pick([
          "KCB M-Pesa loan repayment",
          "M-Shwari loan repayment",
          "Mkopo wa Faulu instalment",
          "Fuliza repayment",
        ]),
        "mpesa",
        between(3_000, 6_000),
      );
    }
    if (dayOfMonth === 12 && random() < 0.5) {
      add(
        date,
        "expense",
        "marketing",
        pick(["Facebook ads boost", "Matangazo - flyers", "Tangazo Kameme FM", "Instagram promotion"]),
        pick(["card", "mpesa"] as const),
        between(500, 4_000),
      );
    }
    if (random() < 0.012) {
      add(
        date,
        "expense",
        "equipment",
        pick(["Fundi wa friji", "New hair dryer for salon", "Display shelves", "Repair ya weighing scale"]),
        pick(["cash", "mpesa"] as const),
        between(1_500, 25_000),
      );
    }
  }
  // Bookkeeping is never perfect: about 3 % of rows carry the wrong label.
  const keysByType = {
    income: ["sales", "services", "other_income"],
    expense: ["stock_purchases", "transport_fuel", "other_expenses", "utilities"],
  };
  for (const row of rows) {
    if (random() < 0.03) row.categoryKey = pick(keysByType[row.type]);
  }
  return rows;
}
