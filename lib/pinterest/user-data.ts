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
  const query = url.indexOf('?');
  if (query < 0 || !url.includes(EPIK, query)) return undefined;
  const fragment = url.indexOf('#', query);
  const value = new URLSearchParams(url.slice(query + 1, fragment < 0 ? undefined : fragment)).get('epik');
  return value ? value : undefined;
}

export function buildUserData({ event, context, properties, pageUrl }: UserDataSources, settings: SourceSettings): PinterestUserData {
  // Segment puts identify traits in context.traits on track/page/screen; top-level traits are the
  // identify form some libraries still copy along.
  const traitSources = [ownObject(context, 'traits'), ownObject(event, 'traits')];
  const contactSources = [...traitSources, properties];
  const addressSources = traitSources.map((traits) => ownObject(traits, 'address'));
  const device = ownObject(context, 'device');

  const userData: PinterestUserData = {};
  const put = (key: HashedUserDataKey, hashes: string[] | undefined) => {
    if (hashes) userData[key] = hashes;
  };
  put('em', firstHashed('em', contactSources, ['email']));
  put('ph', firstHashed('ph', contactSources, ['phone']));
  put('fn', firstHashed('fn', traitSources, ['firstName', 'first_name']));
  put('ln', firstHashed('ln', traitSources, ['lastName', 'last_name']));
  put('ge', firstHashed('ge', traitSources, ['gender']));
  put('db', firstHashed('db', traitSources, ['birthday']));
  put('ct', firstHashed('ct', addressSources, ['city']));
  put('st', firstHashed('st', addressSources, ['state']));
  put('zp', firstHashed('zp', addressSources, ['postal_code', 'postalCode', 'zip']));
  put('country', firstHashed('country', addressSources, ['country']));
  if (settings.sendExternalId) put('external_id', hashUserData('external_id', own(event, 'userId')));
  put('hashed_maids', hashUserData('hashed_maids', own(device, 'advertisingId')));

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
