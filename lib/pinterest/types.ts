import type { DropReason } from '../reasons';

/**
 * Pinterest Conversions API event object, exactly as it goes into `{"data": [...]}`.
 * The root event and custom_data are closed objects on Pinterest's side: never add keys here
 * that the API does not list.
 */
export type ActionSource = 'web' | 'app_android' | 'app_ios' | 'offline';
export const ACTION_SOURCES: readonly ActionSource[] = ['web', 'app_android', 'app_ios', 'offline'];

export interface PinterestUserData {
  em?: string[];
  ph?: string[];
  fn?: string[];
  ln?: string[];
  ge?: string[];
  db?: string[];
  ct?: string[];
  st?: string[];
  zp?: string[];
  country?: string[];
  external_id?: string[];
  hashed_maids?: string[];
  client_ip_address?: string;
  client_user_agent?: string;
  click_id?: string;
  partner_id?: string;
}

export interface PinterestContentItem {
  id?: string;
  item_price?: string;
  quantity?: number;
  item_name?: string;
  item_category?: string;
  item_brand?: string;
}

/** The closed list of custom_data keys Pinterest accepts. */
export const CUSTOM_DATA_KEYS = [
  'currency',
  'value',
  'content_ids',
  'contents',
  'num_items',
  'order_id',
  'search_string',
  'opt_out_type',
  'np',
  'content_name',
  'content_category',
  'content_brand',
  'predicted_ltv',
] as const;
export type CustomDataKey = (typeof CUSTOM_DATA_KEYS)[number];

export interface PinterestCustomData {
  currency?: string;
  value?: string;
  content_ids?: string[];
  contents?: PinterestContentItem[];
  num_items?: number;
  order_id?: string;
  search_string?: string;
  opt_out_type?: string;
  np?: string;
  content_name?: string;
  content_category?: string;
  content_brand?: string;
  predicted_ltv?: string;
}

export interface PinterestEvent {
  event_name: string;
  action_source: ActionSource;
  event_time: number;
  event_id: string;
  event_source_url?: string;
  opt_out?: boolean;
  user_data: PinterestUserData;
  custom_data?: PinterestCustomData;
  app_id?: string;
  app_name?: string;
  app_version?: string;
  device_brand?: string;
  device_carrier?: string;
  device_model?: string;
  device_type?: string;
  os_version?: string;
  wifi?: boolean;
  language?: string;
}

/** Why a Segment event produced no Pinterest event. */
export interface Drop {
  reason: DropReason;
  message: string;
}

/** The result of translating one Segment event: exactly one of an event or a coded drop. */
export type TranslateResult = { ok: true; event: PinterestEvent } | { ok: false; drop: Drop };
