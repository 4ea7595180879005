/** Pinterest's standard Conversions API event names (API spelling). */
export const STANDARD_EVENT_NAMES = [
  'add_payment_info',
  'add_to_cart',
  'add_to_wishlist',
  'app_install',
  'app_open',
  'checkout',
  'contact',
  'custom',
  'customize_product',
  'find_location',
  'initiate_checkout',
  'lead',
  'page_visit',
  'schedule',
  'search',
  'signup',
  'start_trial',
  'submit_application',
  'subscribe',
  'view_category',
  'view_content',
  'watch_video',
] as const;
export type StandardEventName = (typeof STANDARD_EVENT_NAMES)[number];

// Tag spelling is the API name in PascalCase (AddToCart → add_to_cart), so comparing with
// separators removed and case folded accepts both spellings with one table.
const BY_FOLDED = new Map<string, StandardEventName>(
  STANDARD_EVENT_NAMES.map((name) => [name.replace(/_/g, ''), name]),
);

/** `AddToCart`, `add_to_cart`, `addtocart`, ` Add To Cart ` → `add_to_cart`; anything else → undefined. */
export function toStandardEventName(input: string): StandardEventName | undefined {
  return BY_FOLDED.get(input.toLowerCase().replace(/[\s_-]+/g, ''));
}

/** `add_to_cart` → `AddToCart`, the browser tag's spelling. */
export function tagSpelling(name: StandardEventName): string {
  return name.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
}
