import type { SourceSettings } from '../settings/schema';
import { own, ownObject, text } from '../segment/read';
import type { JsonObject } from '../segment/types';
import { hashUserData } from './hash';
import type { HashedUserDataKey } from './normalize';
import type { PinterestUserData } from './types';

/**
 * user_data from a Segment event: identity traits hashed, network fields plain. Raw values never
 * leave this module; only hashes and the plain fields Pinterest wants unhashed.
 */

export interface UserDataSources {
  event: JsonObject;
  context: JsonObject | undefined;
  properties: JsonObject;
  /** The page URL the event came from, for the `epik` click id. */
  pageUrl: string | undefined;
}

/** The first source whose field yields at least one hash. */
function firstHashed(key: HashedUserDataKey, sources: readonly (JsonObject | undefined)[], fields: readonly string[]): string[] | undefined {
  for (const source of sources) {
    if (source === undefined) continue;
    for (const field of fields) {
      const hashed = hashUserData(key, own(source, field));
      if (hashed) return hashed;
    }
  }
  return undefined;
}

const EPIK = 'epik=';

/** The `epik` query parameter of a URL, the landing-page form of Pinterest's click id. */
export function epikFromUrl(url: string): string | undefined {
  const fragment = url.indexOf('#');
  const end = fragment < 0 ? url.length : fragment;
  const query = url.indexOf('?');
  if (query < 0 || query > end) return undefined;
  const epik = url.indexOf(EPIK, query);
  if (epik < 0 || epik > end) return undefined;
  const value = new URLSearchParams(url.slice(query + 1, end)).get('epik');
  return value ? value : undefined;
}

/** Where each hashed key is read from, in Pinterest's key order; hoisted so no event rebuilds it. */
const HASHED_FIELDS: readonly (readonly [HashedUserDataKey, 'contact' | 'traits' | 'address', readonly string[]])[] = [
  ['em', 'contact', ['email']],
  ['ph', 'contact', ['phone']],
  ['fn', 'traits', ['firstName', 'first_name']],
  ['ln', 'traits', ['lastName', 'last_name']],
  ['ge', 'traits', ['gender']],
  ['db', 'traits', ['birthday']],
  ['ct', 'address', ['city']],
  ['st', 'address', ['state']],
  ['zp', 'address', ['postal_code', 'postalCode', 'zip']],
  ['country', 'address', ['country']],
];

export function buildUserData({ event, context, properties, pageUrl }: UserDataSources, settings: SourceSettings): PinterestUserData {
  // Segment puts identify traits in context.traits on track/page/screen; top-level traits are the
  // identify form some libraries still copy along.
  const contextTraits = ownObject(context, 'traits');
  const eventTraits = ownObject(event, 'traits');
  const sources = {
    contact: [contextTraits, eventTraits, properties],
    traits: [contextTraits, eventTraits],
    address: [ownObject(contextTraits, 'address'), ownObject(eventTraits, 'address')],
  };
  const device = ownObject(context, 'device');

  const userData: PinterestUserData = {};
  for (const [key, from, fields] of HASHED_FIELDS) {
    const hashes = firstHashed(key, sources[from], fields);
    if (hashes) userData[key] = hashes;
  }
  if (settings.sendExternalId) {
    const hashes = hashUserData('external_id', own(event, 'userId'));
    if (hashes) userData.external_id = hashes;
  }
  const maids = hashUserData('hashed_maids', own(device, 'advertisingId'));
  if (maids) userData.hashed_maids = maids;

  const ip = text(own(context, 'ip'));
  if (ip !== undefined && ip !== '0.0.0.0') userData.client_ip_address = ip;
  const userAgent = text(own(context, 'userAgent'));
  if (userAgent !== undefined) userData.client_user_agent = userAgent;
  const clickId = text(own(properties, 'click_id')) ?? (pageUrl === undefined ? undefined : epikFromUrl(pageUrl));
  if (clickId !== undefined) userData.click_id = clickId;
  return userData;
}

/**
 * Why user_data cannot identify anyone by Pinterest's rule (em, hashed_maids, or IP address with
 * user agent), or undefined when it can. Names only the fields, never their values.
 */
export function missingIdentifier(userData: PinterestUserData): string | undefined {
  if (userData.em || userData.hashed_maids || (userData.client_ip_address && userData.client_user_agent)) return undefined;
  const rule = 'Pinterest needs an email (em), a mobile advertising id (hashed_maids), or both client_ip_address and client_user_agent';
  const partial = userData.client_ip_address
    ? '; it has an IP address but no user agent'
    : userData.client_user_agent
      ? '; it has a user agent but no IP address'
      : '';
  const phone = userData.ph ? '; it has a phone number, but Pinterest does not accept a phone number (ph) as the only identifier' : '';
  return `no identifier: ${rule}${partial}${phone}`;
}
