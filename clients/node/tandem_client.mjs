#!/usr/bin/env node
// A reference OAuth 2.0 client for Tandem's authorization server, with oauth4webapi (the protocol) and
// jose (the access token's signature). The same walk, flags, output and exit codes as
// clients/python/tandem_client.py:
//
//   discovery   RFC 8414 metadata; its issuer is the one given (oauth4webapi checks it)
//   authorize   the code flow with PKCE S256; the dev login's 303 is read, not followed; state and iss
//               (RFC 9207) are checked by validateAuthResponse
//   token       the code exchanged for tokens
//   jws         when the access token is a JWS (the engine is primary): Ed25519 against the JWKS, typ at+jwt,
//               iss, exp (jose), client_id; an opaque token is reported
//   introspect  RFC 7662: active, this client, the subject, the scope
//   refresh     the refresh token rotated, the old one consumed
//   revoke      RFC 7009: the new access token revoked, then introspected as exactly {"active": false}
//   reuse       the rotated refresh token again: invalid_grant, and its successor dies with it
//
// One line per step on stdout. Exit 0 when every check passes, 1 on the first failed check (its message on
// stderr), 2 on bad usage. Tokens, the code, the verifier and the secret are never printed. The client
// secret comes from --client-secret-file or TANDEM_CLIENT_SECRET, never from the command line.

import './webcrypto.mjs';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as oauth from 'oauth4webapi';
import { createLocalJWKSet, jwtVerify } from 'jose';

const SECRET_ENV = 'TANDEM_CLIENT_SECRET';
const USAGE = `usage: tandem_client.mjs --issuer URL --client-id ID [--client-secret-file FILE] --redirect-uri URI --scope SCOPES --login-hint SUBJECT
The client secret of a confidential app: --client-secret-file or ${SECRET_ENV}.
Exit 0 all checks passed, 1 a check failed, 2 bad usage.`;

class CheckFailed extends Error {}
class UsageError extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

function step(name, detail) {
  console.log(`ok ${name}: ${detail}`);
}

function parse(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        issuer: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret-file': { type: 'string' },
        'redirect-uri': { type: 'string' },
        scope: { type: 'string' },
        'login-hint': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const missing = ['issuer', 'client-id', 'redirect-uri', 'scope', 'login-hint'].filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new UsageError(`the following arguments are required: ${missing.map((name) => `--${name}`).join(', ')}`);
  }
  let issuer;
  try {
    issuer = new URL(values.issuer.replace(/\/+$/, ''));
  } catch {
    throw new UsageError(`--issuer: '${values.issuer}' is not an http(s) URL`);
  }
  if (!['http:', 'https:'].includes(issuer.protocol)) {
    throw new UsageError(`--issuer: '${values.issuer}' is not an http(s) URL`);
  }
  if (!URL.canParse(values['redirect-uri'])) {
    throw new UsageError(`--redirect-uri: '${values['redirect-uri']}' is not an absolute URI`);
  }
  if (values.scope.trim() === '') {
    throw new UsageError('--scope: is empty');
  }
  return {
    issuer,
    clientId: values['client-id'],
    secret: readSecret(values['client-secret-file']),
    redirectUri: values['redirect-uri'],
    scope: values.scope,
    loginHint: values['login-hint'],
  };
}

function readSecret(file) {
  if (file) {
    let secret;
    try {
      secret = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new UsageError(`--client-secret-file: cannot read ${file}: ${error.code}`);
    }
    if (secret === '') {
      throw new UsageError(`--client-secret-file: ${file} is empty`);
    }
    return secret;
  }
  return process.env[SECRET_ENV] || undefined;
}

/** What a failed call of oauth4webapi says, without its cause (which may hold the response body). */
function describe(error) {
  if (error instanceof oauth.ResponseBodyError || error instanceof oauth.AuthorizationResponseError) {
    return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  }
  return error.message;
}

async function walk(args) {
  // The local stack and the tests serve http on 127.0.0.1; oauth4webapi refuses plain http unless told,
  // and it is told only for an http issuer, so an https issuer keeps the library's refusal of downgrades.
  const insecure = args.issuer.protocol === 'http:';
  const http = { [oauth.allowInsecureRequests]: insecure };
  const client = { client_id: args.clientId };
  const auth = args.secret === undefined ? oauth.None() : oauth.ClientSecretBasic(args.secret);

  const as = await attempt('discovery', async () => oauth.processDiscoveryResponse(args.issuer,
    await oauth.discoveryRequest(args.issuer, { algorithm: 'oauth2', ...http })));
  check(as.code_challenge_methods_supported?.includes('S256'), 'discovery: code_challenge_methods_supported lacks S256');
  for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'introspection_endpoint', 'revocation_endpoint', 'jwks_uri']) {
    check(typeof as[endpoint] === 'string', `discovery: no ${endpoint}`);
  }
  step('discovery', `issuer ${as.issuer}, PKCE S256 supported`);

  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const authorization = new URL(as.authorization_endpoint);
  for (const [name, value] of Object.entries({
    response_type: 'code', client_id: args.clientId, redirect_uri: args.redirectUri, scope: args.scope, state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    login_hint: args.loginHint,
  })) {
    authorization.searchParams.set(name, value);
  }
  const redirect = await attempt('authorize', () => fetch(authorization, { redirect: 'manual' }));
  check([302, 303].includes(redirect.status), `authorize: HTTP ${redirect.status}, expected a redirect (302 or 303)`);
  const location = redirect.headers.get('location');
  check(location, 'authorize: the redirect has no Location');
  const target = new URL(location);
  const expected = new URL(args.redirectUri);
  check(target.origin === expected.origin && target.pathname === expected.pathname,
    'authorize: the redirect goes elsewhere than the redirect_uri');
  const callback = await attempt('authorize', async () => oauth.validateAuthResponse(as, client, target, state));
  step('authorize', `HTTP ${redirect.status}, code received, state and iss match`);

  const first = await attempt('token', async () => oauth.processAuthorizationCodeResponse(as, client,
    await oauth.authorizationCodeGrantRequest(as, client, auth, callback, args.redirectUri, verifier, http)));
  checkTokens(first, 'token');
  step('token', `access and refresh token issued, expires_in ${first.expires_in}, scope '${first.scope ?? ''}'`);

  await checkJws(as, args, first.access_token);

  const introspect = async (what, token) => attempt(what, async () => oauth.processIntrospectionResponse(as, client,
    await oauth.introspectionRequest(as, client, auth, token, http)));
  const introspected = await introspect('introspect', first.access_token);
  check(introspected.active === true, 'introspect: the new access token is not active');
  check(introspected.client_id === args.clientId, `introspect: client_id '${introspected.client_id}'`);
  check(introspected.sub === args.loginHint, `introspect: sub '${introspected.sub}', expected '${args.loginHint}'`);
  const granted = new Set((introspected.scope ?? '').split(' '));
  check(args.scope.split(/\s+/).filter(Boolean).every((scope) => granted.has(scope)),
    `introspect: scope '${introspected.scope}' lacks some of '${args.scope}'`);
  step('introspect', `active, client_id and sub '${introspected.sub}' match, scope '${introspected.scope}'`);

  const refresh = async (token) => oauth.processRefreshTokenResponse(as, client,
    await oauth.refreshTokenGrantRequest(as, client, auth, token, http));
  const second = await attempt('refresh', () => refresh(first.refresh_token));
  checkTokens(second, 'refresh');
  check(second.refresh_token !== first.refresh_token, 'refresh: the refresh token did not rotate');
  check(second.access_token !== first.access_token, 'refresh: the access token is the same');
  check((await introspect('refresh', first.refresh_token)).active === false, 'refresh: the rotated refresh token is still active');
  step('refresh', 'new access token, refresh token rotated, the old one inactive');

  await attempt('revoke', async () => oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth,
    second.access_token, { additionalParameters: { token_type_hint: 'access_token' }, ...http })));
  const revoked = await introspect('revoke', second.access_token);
  // RFC 7662 §2.2: an inactive token is answered with active false and nothing else.
  check(JSON.stringify(revoked) === '{"active":false}',
    `revoke: introspection answered [${Object.keys(revoked).join(', ')}] instead of exactly active false`);
  step('revoke', 'HTTP 200, then introspection {"active":false}');

  try {
    await refresh(first.refresh_token);
    throw new CheckFailed('reuse: the rotated refresh token was accepted again');
  } catch (error) {
    if (error instanceof CheckFailed) {
      throw error;
    }
    check(error instanceof oauth.ResponseBodyError && error.status === 400 && error.error === 'invalid_grant',
      `reuse: ${describe(error)}, expected 400 invalid_grant`);
  }
  check((await introspect('reuse', second.refresh_token)).active === false,
    'reuse: the successor refresh token is still active after the reuse');
  step('reuse', 'the rotated refresh token is refused with invalid_grant; its successor is revoked');
}

function checkTokens(tokens, what) {
  // processAuthorizationCodeResponse has checked token_type and the access token's presence.
  check(tokens.refresh_token, `${what}: no refresh_token (does the app have the refresh_token grant?)`);
  check(Number.isInteger(tokens.expires_in) && tokens.expires_in > 0, `${what}: no positive expires_in`);
}

async function checkJws(as, args, accessToken) {
  if (accessToken.split('.').length !== 3) {
    step('jws', 'the access token is opaque (not a JWS): nothing to verify locally');
    return;
  }
  const response = await attempt('jws', () => fetch(as.jwks_uri, { headers: { accept: 'application/jwk-set+json, application/json' } }));
  check(response.ok, `jws: JWKS HTTP ${response.status}`);
  const jwks = await attempt('jws', () => response.json());
  // jose picks the key by kid, checks the signature, typ at+jwt (RFC 9068 §2.1), iss and exp.
  const verified = await attempt('jws', () => jwtVerify(accessToken, createLocalJWKSet(jwks), {
    algorithms: ['EdDSA'], typ: 'at+jwt', issuer: as.issuer, requiredClaims: ['exp'],
  }));
  const { payload, protectedHeader } = verified;
  if ('client_id' in payload) {
    check(payload.client_id === args.clientId, `jws: client_id '${payload.client_id}' is not this client`);
  } else if ('aud' in payload) {
    check([payload.aud].flat().includes(args.clientId), 'jws: aud does not name this client');
  }
  step('jws', `EdDSA signature verified with kid ${protectedHeader.kid}; typ, iss, exp and client_id checked`);
}

/** Runs one call of the walk; any failure becomes a failed check of that step. */
async function attempt(what, call) {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CheckFailed) {
      throw error;
    }
    // A failed fetch says only "fetch failed"; its cause names the reason (ECONNREFUSED, a bad port).
    const reason = error.cause instanceof Error ? ` (${error.cause.code ?? error.cause.message})` : '';
    throw new CheckFailed(`${what}: ${describe(error)}${reason}`);
  }
}

async function main() {
  let args;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`tandem_client.mjs: ${error.message}`);
      console.error(USAGE);
      return 2;
    }
    throw error;
  }
  try {
    await walk(args);
  } catch (error) {
    if (error instanceof CheckFailed) {
      console.error(`FAIL ${error.message}`);
      return 1;
    }
    throw error;
  }
  console.log(`all checks passed (${args.secret === undefined ? 'public' : 'confidential'} client ${args.clientId})`);
  return 0;
}

process.exitCode = await main();
