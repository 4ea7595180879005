import type { DropReason } from '../reasons';
import type { ActionSource } from '../vocabulary/action-sources';

// The vocabulary lives below lib/settings and lib/pinterest; re-exported for this room's readers.
export { ACTION_SOURCES, type ActionSource } from '../vocabulary/action-sources';
export { CUSTOM_DATA_KEYS, type CustomDataKey } from '../vocabulary/custom-data-keys';

/**
 * Pinterest Conversions API event object, exactly as it goes into `{"data": [...]}`.
 * The root event and custom_data are closed objects on Pinterest's side: never add keys here
 * that the API does not list.
 */

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
