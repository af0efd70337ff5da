// Mints and checks access tokens shaped like Zoom's Server-to-Server OAuth tokens.
//
// Zoom signs its tokens with HS512 and a key only Zoom holds. The emulator signs with a random key
// of its own, so a token from the emulator never works against Zoom and the reverse.
// Header and claims follow tokens issued by Zoom in 2023-2024 (format version 10, `type` 3 for the
// account_credentials grant); Zoom does not document them and says they may change
// (https://devforum.zoom.us/t/getting-zoom-userid-from-access-token/25064).

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

const SIGNING_KEY = randomBytes(32);
const KEY_ID = randomUUID();

function base64url(value) {
  return Buffer.from(value).toString('base64url');
}

function randomId(length) {
  return randomBytes(length).toString('base64url').slice(0, length);
}

function sign(text) {
  return createHmac('sha512', SIGNING_KEY).update(text).digest('base64url');
}

/** Builds a signed token for `clientId` and `accountId` that expires `lifetimeSeconds` after `now`. */
export function mintAccessToken({ clientId, accountId, userId, now, lifetimeSeconds }) {
  const header = { sv: '000001', alg: 'HS512', v: '2.0', kid: KEY_ID };
  const claims = {
    ver: 10,
    auid: randomBytes(32).toString('hex'),
    code: randomId(33),
    iss: `zm:cid:${clientId}`,
    gno: 0,
    type: 3,
    aud: 'https://oauth.zoom.us',
    uid: userId,
    nbf: now,
    exp: now + lifetimeSeconds,
    iat: now,
    aid: accountId,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return { token: `${signingInput}.${sign(signingInput)}`, claims };
}

/** Returns the claims of a token this emulator signed, or null when the signature does not match. */
export function readAccessToken(token) {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return null;
  }

  const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return null;
  }

  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
