/**
 * Reading configuration from the environment with defaults and clear errors. A bad value fails
 * the cold start loudly (the message names the variable) instead of misbehaving per event.
 */
type Env = Record<string, string | undefined>;

export function envString(name: string, fallback: string, env: Env = process.env): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

export function requireEnv(name: string, env: Env = process.env): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
}

export function envNumber(
  name: string,
  fallback: number,
  { min = -Infinity, max = Infinity, integer = true }: { min?: number; max?: number; integer?: boolean } = {},
  env: Env = process.env,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    const range = `${min === -Infinity ? '' : `≥ ${min}`}${min !== -Infinity && max !== Infinity ? ' and ' : ''}${max === Infinity ? '' : `≤ ${max}`}`;
    throw new Error(`environment variable ${name} must be ${integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}, got "${raw}"`);
  }
  return value;
}

export function envBoolean(name: string, fallback: boolean, env: Env = process.env): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`environment variable ${name} must be true or false, got "${raw}"`);
}
