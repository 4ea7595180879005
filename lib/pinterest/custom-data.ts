import type { CustomPropertyRule, CustomPropertyTarget, SourceSettings } from '../settings/schema';
import { atPathIgnoringCase, own, text } from '../segment/read';
import { isObject, type JsonObject } from '../segment/types';
import { roundedDecimal, toCount, toDecimalString, toNumber } from './decimal';
import type { PinterestContentItem, PinterestCustomData } from './types';

/**
 * custom_data from a Segment event's properties (Segment's e-commerce spec), then the source's
 * custom properties. Only keys of Pinterest's closed list are ever written.
 */

const CURRENCY = /^[A-Z]{3}$/;

function currency(value: unknown): string | undefined {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
  return code !== undefined && CURRENCY.test(code) ? code : undefined;
}

interface Product {
  item: PinterestContentItem;
  /** price × quantity, when the product has a price. */
  amount: number | undefined;
}

/** One contents item from a Segment product: id from product_id, sku or id. */
function product(source: JsonObject): Product | undefined {
  const id = text(own(source, 'product_id')) ?? text(own(source, 'sku')) ?? text(own(source, 'id'));
  const rawPrice = own(source, 'price');
  const itemPrice = toDecimalString(rawPrice);
  const name = text(own(source, 'name'));
  if (id === undefined && itemPrice === undefined && name === undefined) return undefined;
  const quantity = toCount(own(source, 'quantity')) ?? 1;
  const category = text(own(source, 'category'));
  const brand = text(own(source, 'brand'));
  const item: PinterestContentItem = {
    ...(id !== undefined && { id }),
    ...(itemPrice !== undefined && { item_price: itemPrice }),
    quantity,
    ...(name !== undefined && { item_name: name }),
    ...(category !== undefined && { item_category: category }),
    ...(brand !== undefined && { item_brand: brand }),
  };
  const price = toNumber(rawPrice);
  return { item, amount: price === undefined ? undefined : price * quantity };
}

/** `products[]`, or the single product at the root of properties (Product Added, Product Viewed). */
function products(properties: JsonObject): Product[] {
  const list = own(properties, 'products');
  const found: Product[] = [];
  if (Array.isArray(list)) {
    for (const entry of list) {
      const p = isObject(entry) ? product(entry) : undefined;
      if (p) found.push(p);
    }
  }
  if (found.length === 0 && (own(properties, 'product_id') !== undefined || own(properties, 'sku') !== undefined)) {
    const p = product(properties);
    if (p) found.push(p);
  }
  return found;
}

/** revenue, else value, else total, else Σ price × quantity of products, else price × quantity. */
function orderValue(properties: JsonObject, items: readonly Product[]): string | undefined {
  for (const field of ['revenue', 'value', 'total']) {
    const value = toDecimalString(own(properties, field));
    if (value !== undefined) return value;
  }
  let sum: number | undefined;
  for (const { amount } of items) {
    if (amount !== undefined) sum = (sum ?? 0) + amount;
  }
  if (sum !== undefined) return roundedDecimal(sum);
  const price = toNumber(own(properties, 'price'));
  if (price === undefined) return undefined;
  return roundedDecimal(price * (toCount(own(properties, 'quantity')) ?? 1));
}

type Coerced = string | number | string[];

/** A custom property's value in its target's type; undefined when it cannot be. */
export function coerceToTarget(target: CustomPropertyTarget, value: unknown): Coerced | undefined {
  switch (target) {
    case 'value':
    case 'predicted_ltv':
      return toDecimalString(value);
    case 'num_items':
      return toCount(value);
    case 'currency':
      return currency(value);
    case 'content_ids': {
      const ids = (Array.isArray(value) ? value : [value]).map(text).filter((id): id is string => id !== undefined);
      return ids.length === 0 ? undefined : ids;
    }
    default:
      return typeof value === 'boolean' ? String(value) : text(value);
  }
}

function applyCustomProperties(customData: PinterestCustomData, properties: JsonObject, rules: readonly CustomPropertyRule[]): void {
  // Written field by field through a typed record: targets come from the closed list only.
  const out = customData as Record<CustomPropertyTarget, Coerced | undefined>;
  for (const rule of rules) {
    const coerced = coerceToTarget(rule.target, atPathIgnoringCase(properties, rule.path));
    if (coerced !== undefined) out[rule.target] = coerced;
  }
}

/** custom_data for one event, or undefined when it would be empty. */
export function buildCustomData(properties: JsonObject, settings: SourceSettings, pageCategory: string | undefined): PinterestCustomData | undefined {
  const items = products(properties);
  const customData: PinterestCustomData = {};
  const value = orderValue(properties, items);
  if (value !== undefined) customData.value = value;
  const code = currency(own(properties, 'currency'));
  if (code !== undefined) customData.currency = code;
  const orderId = text(own(properties, 'order_id')) ?? text(own(properties, 'orderId'));
  if (orderId !== undefined) customData.order_id = orderId;
  const query = text(own(properties, 'query'));
  if (query !== undefined) customData.search_string = query;
  if (items.length > 0) {
    customData.contents = items.map((p) => p.item);
    const ids = [...new Set(items.map((p) => p.item.id).filter((id): id is string => id !== undefined))];
    if (ids.length > 0) customData.content_ids = ids;
    customData.num_items = items.reduce((n, p) => n + (p.item.quantity ?? 1), 0);
  }
  if (pageCategory !== undefined) customData.content_category = pageCategory;
  const optOutType = own(properties, 'opt_out_type');
  if (settings.limitedDataProcessing || (typeof optOutType === 'string' && optOutType.trim().toUpperCase() === 'LDP')) {
    customData.opt_out_type = 'LDP';
  }
  if (settings.customProperties.length > 0) applyCustomProperties(customData, properties, settings.customProperties);
  return Object.keys(customData).length > 0 ? customData : undefined;
}
