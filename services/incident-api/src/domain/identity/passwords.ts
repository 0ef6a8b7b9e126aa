/**
 * Passwords, hashed with argon2id at OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane).
 * The PHC string keeps its own parameters, so raising them later still verifies old hashes.
 */
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

export const ARGON2_PARAMETERS = {
  /** `Algorithm.Argon2id` (a const enum, which isolated modules cannot import). */
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 10;

/** A new password, wherever one is set: by its owner, by an admin, or with a new person. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200);

export const hashPassword = (password: string) => hash(password, ARGON2_PARAMETERS);

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/**
 * A hash to verify against when the account does not exist, so that a wrong login costs the
 * same time as a wrong password and does not reveal which accounts exist.
 */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashPassword('decoy-password-never-matches'));
