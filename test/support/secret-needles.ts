// What a secrets scan looks for: a password in every form the project could leak it. Used by the
// synth test (test/synth/stacks.test.ts) and the end-to-end scan (test/e2e/secrets-scan.test.ts);
// test/unit/secret-needles.test.ts shows each needle finds what sql/spec/secrets.ts produces.
import { createHash } from 'crypto';

export type LeakKind = 'plaintext' | 'sha256' | 'base64' | 'salted hash';

/**
 * The forms of `password` found in `text`: the plaintext, its unsalted SHA-256 hex fingerprint
 * (lower or upper case), its base64, and the shape of a resolved identification
 * (sha256Identification: `sha256_hash BY '<64 hex>' SALT '<hex>'`, hex of SHA-256(password + salt)
 * with a random salt, so it is found by its shape, whichever password it hashes). Plans and
 * synth output only ever carry placeholders ('{{password_sha256:VAR}}').
 */
export function leaks(text: string, password: string): LeakKind[] {
  const found: LeakKind[] = [];
  if (text.includes(password)) found.push('plaintext');
  const fingerprint = createHash('sha256').update(password, 'utf8').digest('hex');
  if (text.toLowerCase().includes(fingerprint)) found.push('sha256');
  if (text.includes(Buffer.from(password, 'utf8').toString('base64'))) found.push('base64');
  if (/sha256_hash\s+BY\s+'[0-9a-fA-F]{64}'/i.test(text) || /SALT\s+'[0-9a-fA-F]{16,}'/i.test(text)) found.push('salted hash');
  return found;
}
