// Checks ZOOM_API_HOST and ZOOM_OAUTH_HOST with the library's own host rules, so a bad setting is a
// configuration error named after the setting instead of a failed Zoom call.

import { buildSummaryRequest, buildTokenRequest } from 'zoom-summary-doctor';

// Placeholders: only the host varies, so any invalid_argument the library raises is about the host.
const CHECK_TARGET = { userId: 'me', summaryId: 'host-check' };
const CHECK_CREDENTIALS = { accountId: 'host-check', clientId: 'host-check', clientSecret: 'host-check' };

// An isolate reads its configuration once per env object (configFor), but tests build many env
// objects. Settings change only on deploy.
const MAX_CACHED = 16;
const cache = new Map();

// The library's message starts with the option's name and its quoted value, such as
// `options.apiUrl "https://user:pass@api.zoom.us" is not allowed: ...`. The value may carry a
// password in its userinfo, so it is cut, and the setting's name takes the option's place.
function reasonFrom(message) {
  const reason = String(message).replace(/^\S+ "(?:[^"\\]|\\.)*" /, '');
  return reason.replace(/\/\/[^/\s"@]*@/g, '//[userinfo]@').replace(/\.\s*$/, '');
}

function check(setting, build) {
  try {
    build();
    return null;
  } catch (error) {
    if (error?.code !== 'invalid_argument') {
      throw error;
    }
    return `${setting} ${reasonFrom(error.message)}`;
  }
}

function cached(key, compute) {
  if (!cache.has(key)) {
    if (cache.size >= MAX_CACHED) {
      cache.clear();
    }
    cache.set(key, compute());
  }
  return cache.get(key);
}

/** Returns why ZOOM_API_HOST `value` is unusable, starting with the setting's name, or null. */
export function apiHostProblem(value) {
  return cached(`api:${value}`, () => check('ZOOM_API_HOST', () => buildSummaryRequest(CHECK_TARGET, { apiUrl: value, now: 0 })));
}

/** Returns why ZOOM_OAUTH_HOST `value` is unusable, starting with the setting's name, or null. */
export function oauthHostProblem(value) {
  return cached(`oauth:${value}`, () => check('ZOOM_OAUTH_HOST', () => buildTokenRequest({ ...CHECK_CREDENTIALS, oauthHost: value })));
}
