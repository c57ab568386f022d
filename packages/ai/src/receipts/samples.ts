import sharp from "sharp";

/**
 * Kenyan-style sample receipts made in the repository (no photos of real receipts): a supermarket till slip, a fuel
 * station receipt, an M-Pesa till (Lipa na M-Pesa) confirmation and a hardware shop's cash sale, each drawn as SVG
 * and rendered to PNG. Each sample knows its true merchant, date, total and VAT, so the reader can be measured
 * (`pnpm bench receipts`) and tested. Dev and test use only.
 */
export interface ReceiptSample {
  name: string;
  kind: "supermarket" | "fuel" | "mpesa_till" | "hardware";
  lines: string[];
  truth: { merchant: string; date: string; totalMinor: bigint; vatMinor: bigint | null };
  /** Rendering variations: a light blur and a small rotation, as a phone photo would have. */
  blur?: number;
  rotate?: number;
}

const money = (minor: bigint) => {
  const whole = minor / 100n;
  const cents = (minor % 100n).toString().padStart(2, "0");
  return `${whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
};

const row = (left: string, right: string, width = 34) =>
  `${left}${" ".repeat(Math.max(1, width - left.length - right.length))}${right}`;

/** VAT inside a VAT-inclusive total at 16%: total × 16 / 116, rounded half up. */
const vatOf = (totalMinor: bigint) => (totalMinor * 16n * 2n + 116n) / (116n * 2n);

function supermarket(name: string, merchant: string, date: string, items: [string, bigint][]): ReceiptSample {
  const total = items.reduce((sum, [, price]) => sum + price, 0n);
  const vat = vatOf(total);
  // Paid with the next round 1,000 shillings.
  const cash = (total / 100_000n + 1n) * 100_000n;
  const [year, month, day] = date.split("-");
  return {
    name,
    kind: "supermarket",
    lines: [
      merchant.toUpperCase(),
      "MOI AVENUE, NAIROBI",
      "PIN: P051234567X",
      `DATE: ${day}/${month}/${year}  TIME: 14:32`,
      "TILL 04  CASHIER: MARY",
      "-".repeat(34),
      ...items.map(([item, price]) => row(item, money(price))),
      "-".repeat(34),
      row("TOTAL", money(total)),
      row("CASH", money(cash)),
      row("CHANGE", money(cash - total)),
      row("VAT 16%", money(vat)),
      "THANK YOU FOR SHOPPING WITH US",
    ],
    truth: { merchant, date, totalMinor: total, vatMinor: vat },
  };
}

export const RECEIPT_SAMPLES: ReceiptSample[] = [
  supermarket("supermarket-1", "Naivas Supermarket", "2026-11-14", [
    ["UNGA PEMBE 2KG", 21_500n],
    ["MILK BROOKSIDE 500ML", 6_500n],
    ["SUGAR KABRAS 1KG", 18_900n],
    ["BREAD SUPERLOAF", 6_500n],
  ]),
  supermarket("supermarket-2", "Quickmart", "2026-10-03", [
    ["COOKING OIL 1L", 32_000n],
    ["RICE PISHORI 2KG", 41_000n],
    ["TEA LEAVES 250G", 15_500n],
  ]),
  {
    name: "fuel-1",
    kind: "fuel",
    lines: [
      "RUBIS ENERGY",
      "WESTLANDS SERVICE STATION",
      "PIN: P051987654Z",
      "DATE: 21/11/2026 08:15",
      "PUMP 3  ATTENDANT: JOHN",
      "-".repeat(34),
      row("DIESEL", "30.00 L"),
      row("PRICE/L", "171.60"),
      "-".repeat(34),
      row("TOTAL KSH", "5,148.00"),
      row("VAT 16%", "710.07"),
      "PAID: M-PESA",
    ],
    truth: { merchant: "Rubis Energy", date: "2026-11-21", totalMinor: 514_800n, vatMinor: 71_007n },
  },
  {
    name: "fuel-2",
    kind: "fuel",
    lines: [
      "TOTALENERGIES",
      "MOMBASA ROAD STATION",
      "DATE: 02/12/2026 19:40",
      "-".repeat(34),
      row("SUPER PETROL", "12.50 L"),
      row("PRICE/L", "186.30"),
      "-".repeat(34),
      row("AMOUNT", "2,328.75"),
      row("VAT", "321.21"),
      row("TOTAL", "2,328.75"),
    ],
    truth: { merchant: "TotalEnergies", date: "2026-12-02", totalMinor: 232_875n, vatMinor: 32_121n },
    rotate: 1,
  },
  {
    name: "mpesa-till-1",
    kind: "mpesa_till",
    lines: [
      "LIPA NA M-PESA",
      "MAMA MBOGA GREENGROCERS",
      "TILL NO: 5123456",
      "-".repeat(34),
      "SJK4H7QX2P Confirmed.",
      "Ksh1,250.00 paid to",
      "MAMA MBOGA GREENGROCERS",
      "on 18/11/26 at 5:42 PM.",
      "-".repeat(34),
      row("TOTAL", "1,250.00"),
    ],
    truth: { merchant: "Mama Mboga Greengrocers", date: "2026-11-18", totalMinor: 125_000n, vatMinor: null },
  },
  {
    name: "mpesa-till-2",
    kind: "mpesa_till",
    lines: [
      "LIPA NA M-PESA",
      "JAVA HOUSE KIMATHI ST",
      "BUY GOODS TILL 889900",
      "-".repeat(34),
      "SKA9B2M1ZT Confirmed.",
      "Ksh780.00 paid to",
      "JAVA HOUSE KIMATHI ST",
      "on 25/11/26 at 1:05 PM.",
      "-".repeat(34),
      row("TOTAL", "780.00"),
    ],
    truth: { merchant: "Java House Kimathi St", date: "2026-11-25", totalMinor: 78_000n, vatMinor: null },
    blur: 0.6,
  },
  {
    name: "hardware-1",
    kind: "hardware",
    lines: [
      "TUSKYS HARDWARE & BUILDERS",
      "KIRINYAGA ROAD, NAIROBI",
      "PIN: P000111222K",
      "CASH SALE",
      "DATE: 09/11/2026",
      "-".repeat(34),
      row("CEMENT 50KG x4", "3,200.00"),
      row("NAILS 3IN 2KG", "440.00"),
      row("IRON SHEET G30 x2", "1,900.00"),
      "-".repeat(34),
      row("SUBTOTAL", "4,775.86"),
      row("VAT 16%", "764.14"),
      row("TOTAL", "5,540.00"),
    ],
    truth: {
      merchant: "Tuskys Hardware & Builders",
      date: "2026-11-09",
      totalMinor: 554_000n,
      vatMinor: 76_414n,
    },
  },
  {
    name: "hardware-2",
    kind: "hardware",
    lines: [
      "JUMBO HARDWARE LTD",
      "THIKA ROAD",
      "INVOICE DATE: 30/10/2026",
      "-".repeat(34),
      row("PAINT CROWN 4L", "2,350.00"),
      row("BRUSH 3IN", "180.00"),
      row("SANDPAPER x10", "250.00"),
      "-".repeat(34),
      row("TOTAL KES", "2,780.00"),
      row("VAT INCL 16%", "383.45"),
    ],
    truth: { merchant: "Jumbo Hardware Ltd", date: "2026-10-30", totalMinor: 278_000n, vatMinor: 38_345n },
    blur: 0.5,
    rotate: -1,
  },
];

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);

/** The receipt as SVG: a narrow paper slip in a monospaced font, as a till printer prints it. */
export function receiptSvg(sample: ReceiptSample): string {
  const lineHeight = 30;
  const width = 560;
  const height = 60 + sample.lines.length * lineHeight;
  const text = sample.lines
    .map(
      (line, index) =>
        `<text x="24" y="${50 + index * lineHeight}" xml:space="preserve">${escapeXml(line)}</text>`,
    )
    .join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="#fbfaf5"/>` +
    `<g font-family="DejaVu Sans Mono, Liberation Mono, monospace" font-size="22" fill="#1d1d1d">${text}</g></svg>`
  );
}

/** The receipt as a PNG, as a phone would send it. */
export async function renderReceiptPng(sample: ReceiptSample): Promise<Uint8Array> {
  let image = sharp(Buffer.from(receiptSvg(sample)), { density: 96 }).flatten({ background: "#ffffff" });
  if (sample.rotate) image = image.rotate(sample.rotate, { background: "#ffffff" });
  if (sample.blur) image = image.blur(sample.blur);
  return new Uint8Array(await image.png().toBuffer());
}
