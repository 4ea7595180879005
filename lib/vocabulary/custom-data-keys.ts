/**
 * The closed list of `custom_data` keys Pinterest accepts (its schema rejects any other key), as far
 * as this project fills them. Settings name them as custom-property targets; translation builds them.
 */
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
