import { validateEventsRequest, validatePinterestEvent } from '../../lib/pinterest/event-schema';
import { translate as translateOnly } from '../../lib/pinterest/translate';
import type { TranslateResult } from '../../lib/pinterest/types';

/**
 * Pinterest's published contract (lib/pinterest/contract, checked with ajv, plus the rules its
 * docs state in prose) as a test assertion. The unit tests import `translate` from here, so every
 * event any of them produces is also checked against the contract, not only the fields it asserts.
 */
export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

/** Throws, naming every problem, unless Pinterest would take the event. */
export function expectPinterestAccepts(event: unknown): void {
  const problems = validatePinterestEvent(event);
  if (problems.length > 0) throw new ContractViolation(`Pinterest's contract refuses the event: ${problems.join('; ')}`);
}

/** Throws unless every request body (`{"data": [...]}`) conforms. */
export function expectRequestsAccepted(bodies: readonly unknown[]): void {
  bodies.forEach((body, i) => {
    const problems = validateEventsRequest(body);
    if (problems.length > 0) throw new ContractViolation(`request ${i + 1} of ${bodies.length} breaks Pinterest's contract: ${problems.join('; ')}`);
  });
}

/** lib/pinterest/translate, and every event it produces must satisfy Pinterest's contract. */
export function translate(...args: Parameters<typeof translateOnly>): TranslateResult {
  const result = translateOnly(...args);
  if (result.ok) expectPinterestAccepts(result.event);
  return result;
}
