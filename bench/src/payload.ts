/**
 * The session data every subject stores: a realistic ~1 KB JSON object (a user profile and a
 * shopping cart), built deterministically so every run and every subject sees the same bytes.
 */

/** One line of the cart. */
export interface CartItem {
  sku: string;
  name: string;
  qty: number;
  unitPrice: number;
  options: { size: string; color: string };
}

/** The session data: same shape (same keys, same order) for every session and subject. */
export interface Payload {
  [key: string]: unknown;
  user: {
    id: string;
    name: string;
    email: string;
    locale: string;
    roles: string[];
    preferences: { theme: string; currency: string; newsletter: boolean };
  };
  cart: {
    id: string;
    currency: string;
    items: CartItem[];
    coupon: string | null;
    totals: { subtotal: number; tax: number; shipping: number; total: number };
    updatedAt: number;
  };
  csrf: string;
  flash: string[];
  lastPath: string;
  visits: number;
}

/** Data written at create (`initial`) and by the update phase (`updated`: one field changed). */
export interface PayloadPair {
  readonly initial: Payload;
  readonly updated: Payload;
}

/** A fixed set of payload variants; session `i` uses variant `i % variants.length`. */
export interface PayloadSet {
  readonly variants: readonly PayloadPair[];
  /** Encoded size of variant 0's `initial` data, in bytes. */
  readonly bytes: number;
}

const COLORS = ["black", "white", "navy", "olive"] as const;
const SIZES = ["XS", "SM", "MD", "LG"] as const;
const PRODUCTS = [
  "Merino crew sweater",
  "Waxed cotton jacket",
  "Selvedge denim jeans",
  "Leather chelsea boot",
] as const;

/** mulberry32: a tiny seeded PRNG, so payloads are identical across runs. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fixed-width base-36 string of `length` characters drawn from `random`. */
function word(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += Math.floor(random() * 36).toString(36);
  return out;
}

/** Fixed-width number (same digit count for every variant, so sizes do not drift). */
function fixed(random: () => number, min: number, span: number): number {
  return min + Math.floor(random() * span);
}

function buildPayload(variant: number): Payload {
  const random = prng(0x5e55 + variant);
  const items: CartItem[] = [];
  let subtotal = 0;
  for (let n = 0; n < 4; n++) {
    const unitPrice = fixed(random, 1000, 9000);
    const qty = 1 + (n % 3);
    subtotal += unitPrice * qty;
    items.push({
      sku: `SKU-${word(random, 8).toUpperCase()}`,
      name: PRODUCTS[n]!,
      qty,
      unitPrice,
      options: { size: SIZES[n]!, color: COLORS[(variant + n) % COLORS.length]! },
    });
  }
  const tax = Math.round(subtotal * 0.2);
  const shipping = 495;
  return {
    user: {
      id: `usr_${word(random, 16)}`,
      name: `Customer ${word(random, 8)}`,
      email: `${word(random, 10)}@example.com`,
      locale: "en-GB",
      roles: ["customer", "newsletter"],
      preferences: { theme: "dark", currency: "EUR", newsletter: true },
    },
    cart: {
      id: `cart_${word(random, 20)}`,
      currency: "EUR",
      items,
      coupon: null,
      totals: { subtotal, tax, shipping, total: subtotal + tax + shipping },
      updatedAt: 1_700_000_000_000 + fixed(random, 100_000_000, 800_000_000),
    },
    csrf: word(random, 43),
    flash: [`Welcome back, ${word(random, 6)}.`],
    lastPath: `/shop/category/${word(random, 6)}/page/2?sort=price&dir=asc`,
    visits: fixed(random, 10, 89),
  };
}

/** The update phase's data: the same payload with one cart quantity changed (same size). */
function withOneFieldChanged(payload: Payload): Payload {
  const copy = structuredClone(payload);
  const first = copy.cart.items[0]!;
  first.qty = first.qty === 9 ? 8 : first.qty + 1;
  return copy;
}

/** Builds `count` deterministic payload variants (default 64). */
export function buildPayloads(count = 64): PayloadSet {
  const variants: PayloadPair[] = [];
  for (let v = 0; v < count; v++) {
    const initial = buildPayload(v);
    variants.push({ initial, updated: withOneFieldChanged(initial) });
  }
  const bytes = Buffer.byteLength(JSON.stringify(variants[0]!.initial), "utf8");
  return { variants, bytes };
}

/** The payload pair of session `index`. */
export function payloadOf(set: PayloadSet, index: number): PayloadPair {
  return set.variants[index % set.variants.length]!;
}
