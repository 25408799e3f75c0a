import { generateKeyPairSync } from 'node:crypto';

export interface Ed25519KeyPair {
  /** base64 PKCS#8 DER: what is encrypted and stored, and what signs. */
  privateKey: string;
  /** base64 of the raw 32-byte public key: what the receiver verifies with. */
  publicKey: string;
}

export function generateEd25519KeyPair(): Ed25519KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x ?? '';
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: Buffer.from(x, 'base64url').toString('base64'),
  };
}
