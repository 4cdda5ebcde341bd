#!/usr/bin/env python3
"""A reference OAuth 2.0 client for Tandem's authorization server, in the Python standard library only.

It walks what an integrating application does, checking each answer as a careful client would:

  discovery   RFC 8414 metadata at /.well-known/oauth-authorization-server; its issuer is the one given
  authorize   the code flow with PKCE S256 (RFC 7636); the server's dev login answers 303 at once; the
              redirect is read, not followed; state and iss (RFC 9207) are checked
  token       the code exchanged for tokens (RFC 6749 §4.1.3)
  jws         when the access token is a JWS (the engine is primary): its Ed25519 signature against the
              JWKS (RFC 8037), typ at+jwt, iss, exp, client_id (RFC 9068); an opaque token is reported
  introspect  RFC 7662: active, this client, the subject, the scope
  refresh     RFC 6749 §6: the refresh token rotated, the old one consumed
  revoke      RFC 7009: the new access token revoked, then introspected as exactly {"active": false}
  reuse       the rotated refresh token again: invalid_grant, and its successor dies with it (RFC 9700 §4.14)

One line per step on stdout. Exit 0 when every check passes, 1 on the first failed check (its message on
stderr), 2 on bad usage. Tokens, the code, the verifier and the secret are never printed. The client
secret comes from --client-secret-file or TANDEM_CLIENT_SECRET, never from the command line.
"""

import argparse
import base64
import hashlib
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ed25519  # noqa: E402 (beside this file: the standard library has no Ed25519)

SECRET_ENV = "TANDEM_CLIENT_SECRET"
TIMEOUT_SECONDS = 30


class CheckFailed(Exception):
    """A check of the walk failed: the server answered something a correct server does not."""


class UsageError(Exception):
    """The command line or the secret it names is unusable."""


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def step(name, detail):
    print(f"ok {name}: {detail}", flush=True)


# --- HTTP ---------------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """The authorization response is a redirect to the client itself: read it, never follow it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self, what):
        return json_object(self.body, f"{what}: the answer (HTTP {self.status})")


def request(method, url, form=None, headers=None):
    data = urllib.parse.urlencode(form).encode("ascii") if form is not None else None
    all_headers = {"Accept": "application/json"}
    if data is not None:
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    all_headers.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with _OPENER.open(req, timeout=TIMEOUT_SECONDS) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        # 3xx (not followed) and 4xx/5xx: an answer to check, not a failure of the connection.
        with error:
            return Answer(error.code, error.headers, error.read())
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise CheckFailed(f"{method} {url}: no answer ({reason})")


class Client:
    """The registered app: client_secret_basic with a secret (RFC 6749 §2.3.1), else a public client."""

    def __init__(self, client_id, secret):
        self.client_id = client_id
        self.secret = secret

    def post(self, url, form):
        form = dict(form)
        headers = {}
        if self.secret is None:
            form["client_id"] = self.client_id
        else:
            # §2.3.1: each part form-encoded before the base64, so a ':' in either survives.
            pair = urllib.parse.quote(self.client_id, safe="") + ":" + urllib.parse.quote(self.secret, safe="")
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
        return request("POST", url, form, headers)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text, what):
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        raise CheckFailed(f"{what}: not base64url")


def json_object(data, what):
    try:
        value = json.loads(data)
    except ValueError:
        raise CheckFailed(f"{what}: not JSON")
    check(isinstance(value, dict), f"{what}: not a JSON object")
    return value


# --- the walk -----------------------------------------------------------------------------------

def discover(issuer):
    answer = request("GET", issuer + "/.well-known/oauth-authorization-server")
    check(answer.status == 200, f"discovery: HTTP {answer.status}, expected 200")
    metadata = answer.json("discovery")
    # RFC 8414 §3.3: the issuer in the document must be the one the client started from.
    check(metadata.get("issuer") == issuer,
          f"discovery: issuer {metadata.get('issuer')!r} differs from the one given, {issuer!r}")
    for endpoint in ("authorization_endpoint", "token_endpoint", "introspection_endpoint",
                     "revocation_endpoint", "jwks_uri"):
        check(isinstance(metadata.get(endpoint), str), f"discovery: no {endpoint}")
    check("S256" in metadata.get("code_challenge_methods_supported", []),
          "discovery: code_challenge_methods_supported lacks S256")
    step("discovery", f"issuer {issuer}, PKCE S256 supported")
    return metadata


def authorize(metadata, args):
    verifier = b64url(secrets.token_bytes(32))
    challenge = b64url(hashlib.sha256(verifier.encode("ascii")).digest())
    state = b64url(secrets.token_bytes(16))
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": args.client_id, "redirect_uri": args.redirect_uri,
        "scope": args.scope, "state": state, "code_challenge": challenge, "code_challenge_method": "S256",
        "login_hint": args.login_hint,
    })
    answer = request("GET", metadata["authorization_endpoint"] + "?" + query)
    check(answer.status in (302, 303), f"authorize: HTTP {answer.status}, expected a redirect (302 or 303)")
    location = answer.headers.get("Location")
    check(location, "authorize: the redirect has no Location")
    target = urllib.parse.urlsplit(location)
    expected = urllib.parse.urlsplit(args.redirect_uri)
    check((target.scheme, target.netloc, target.path) == (expected.scheme, expected.netloc, expected.path),
          "authorize: the redirect goes elsewhere than the redirect_uri")
    params = dict(urllib.parse.parse_qsl(target.query))
    check("error" not in params, f"authorize: error {params.get('error')!r}: {params.get('error_description', '')}")
    check(params.get("state") == state, "authorize: state differs from the one sent")
    # RFC 9207 §2.4: where the server says it sends iss, it must be there and be the issuer (mix-up defence).
    if metadata.get("authorization_response_iss_parameter_supported") or "iss" in params:
        check(params.get("iss") == metadata["issuer"], f"authorize: iss {params.get('iss')!r} is not the issuer")
    check(params.get("code"), "authorize: no code")
    step("authorize", f"HTTP {answer.status}, code received, state and iss match")
    return params["code"], verifier


def tokens_from(answer, what):
    body = answer.json(what)
    check(answer.status == 200, f"{what}: HTTP {answer.status}: {body.get('error')} {body.get('error_description', '')}")
    check(str(body.get("token_type", "")).lower() == "bearer", f"{what}: token_type {body.get('token_type')!r}")
    check(body.get("access_token"), f"{what}: no access_token")
    check(body.get("refresh_token"), f"{what}: no refresh_token (does the app have the refresh_token grant?)")
    check(isinstance(body.get("expires_in"), int) and body["expires_in"] > 0, f"{what}: no positive expires_in")
    return body


def exchange(metadata, client, args, code, verifier):
    answer = client.post(metadata["token_endpoint"], {
        "grant_type": "authorization_code", "code": code, "redirect_uri": args.redirect_uri,
        "code_verifier": verifier})
    body = tokens_from(answer, "token")
    step("token", f"access and refresh token issued, expires_in {body['expires_in']}, scope {body.get('scope', '')!r}")
    return body


def check_jws(metadata, client, access_token):
    parts = access_token.split(".")
    if len(parts) != 3:
        step("jws", "the access token is opaque (not a JWS): nothing to verify locally")
        return
    header = json_object(b64url_decode(parts[0], "jws header"), "jws header")
    claims = json_object(b64url_decode(parts[1], "jws claims"), "jws claims")
    check(header.get("alg") == "EdDSA", f"jws: alg {header.get('alg')!r}, expected EdDSA")
    # RFC 9068 §2.1: an access token is typed at+jwt (or its full media type).
    check(str(header.get("typ", "")).lower() in ("at+jwt", "application/at+jwt"), f"jws: typ {header.get('typ')!r}")
    answer = request("GET", metadata["jwks_uri"])
    check(answer.status == 200, f"jws: JWKS HTTP {answer.status}")
    keys = [key for key in answer.json("jwks").get("keys", []) if key.get("kid") == header.get("kid")]
    check(len(keys) == 1, f"jws: kid {header.get('kid')!r} is not exactly once in the JWKS")
    key = keys[0]
    check(key.get("kty") == "OKP" and key.get("crv") == "Ed25519", "jws: the key is not an OKP Ed25519 key")
    public = b64url_decode(key.get("x", ""), "jwk x")
    signature = b64url_decode(parts[2], "jws signature")
    check(ed25519.verify(public, (parts[0] + "." + parts[1]).encode("ascii"), signature),
          f"jws: the Ed25519 signature does not verify with key {key['kid']}")
    check(claims.get("iss") == metadata["issuer"], f"jws: iss {claims.get('iss')!r} is not the issuer")
    check(isinstance(claims.get("exp"), int) and claims["exp"] > time.time(), "jws: expired or no exp")
    if "client_id" in claims:
        check(claims["client_id"] == client.client_id, f"jws: client_id {claims['client_id']!r} is not this client")
    elif "aud" in claims:
        audience = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        check(client.client_id in audience, "jws: aud does not name this client")
    step("jws", f"EdDSA signature verified with kid {key['kid']}; typ, iss, exp and client_id checked")


def introspect(metadata, client, token):
    answer = client.post(metadata["introspection_endpoint"], {"token": token})
    body = answer.json("introspect")
    check(answer.status == 200, f"introspect: HTTP {answer.status}: {body.get('error')}")
    return body


def check_introspection(metadata, client, args, access_token):
    body = introspect(metadata, client, access_token)
    check(body.get("active") is True, "introspect: the new access token is not active")
    check(body.get("client_id") == client.client_id, f"introspect: client_id {body.get('client_id')!r}")
    check(body.get("sub") == args.login_hint, f"introspect: sub {body.get('sub')!r}, expected {args.login_hint!r}")
    granted = set(str(body.get("scope", "")).split())
    check(set(args.scope.split()) <= granted, f"introspect: scope {body.get('scope')!r} lacks some of {args.scope!r}")
    step("introspect", f"active, client_id and sub {body['sub']!r} match, scope {body.get('scope')!r}")


def refresh(metadata, client, first):
    answer = client.post(metadata["token_endpoint"], {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    second = tokens_from(answer, "refresh")
    check(second["refresh_token"] != first["refresh_token"], "refresh: the refresh token did not rotate")
    check(second["access_token"] != first["access_token"], "refresh: the access token is the same")
    check(introspect(metadata, client, first["refresh_token"]).get("active") is False,
          "refresh: the rotated refresh token is still active")
    step("refresh", "new access token, refresh token rotated, the old one inactive")
    return second


def revoke(metadata, client, access_token):
    answer = client.post(metadata["revocation_endpoint"], {"token": access_token, "token_type_hint": "access_token"})
    check(answer.status == 200, f"revoke: HTTP {answer.status}, expected 200")
    body = introspect(metadata, client, access_token)
    # RFC 7662 §2.2: an inactive token is answered with active false and nothing else.
    check(body == {"active": False}, f"revoke: introspection answered {sorted(body)} instead of exactly active false")
    step("revoke", 'HTTP 200, then introspection {"active":false}')


def reuse(metadata, client, first, second):
    answer = client.post(metadata["token_endpoint"], {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    body = answer.json("reuse")
    check(answer.status == 400 and body.get("error") == "invalid_grant",
          f"reuse: HTTP {answer.status} {body.get('error')!r}, expected 400 invalid_grant")
    check(introspect(metadata, client, second["refresh_token"]).get("active") is False,
          "reuse: the successor refresh token is still active after the reuse")
    step("reuse", "the rotated refresh token is refused with invalid_grant; its successor is revoked")


# --- command line -------------------------------------------------------------------------------

class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def parse(argv):
    parser = _Parser(prog="tandem_client.py",
                     description="Walks Tandem's OAuth 2.0 server: discovery, code flow with PKCE, refresh, "
                                 "introspection, revocation, JWS verification.",
                     epilog=f"The client secret of a confidential app: --client-secret-file or {SECRET_ENV}. "
                            "Exit 0 all checks passed, 1 a check failed, 2 bad usage.")
    parser.add_argument("--issuer", required=True, help="the issuer URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret-file", help=f"a file holding the client secret (or set {SECRET_ENV})")
    parser.add_argument("--redirect-uri", required=True, help="a redirect URI registered for the app")
    parser.add_argument("--scope", required=True, help="space-separated scopes to ask for")
    parser.add_argument("--login-hint", required=True, help="the subject the dev login approves")
    args = parser.parse_args(argv)
    if urllib.parse.urlsplit(args.issuer).scheme not in ("http", "https"):
        raise UsageError(f"--issuer: {args.issuer!r} is not an http(s) URL")
    args.issuer = args.issuer.rstrip("/")
    if urllib.parse.urlsplit(args.redirect_uri).scheme == "":
        raise UsageError(f"--redirect-uri: {args.redirect_uri!r} is not an absolute URI")
    if not args.scope.split():
        raise UsageError("--scope: is empty")
    return args


def read_secret(args):
    if args.client_secret_file:
        try:
            with open(args.client_secret_file, encoding="utf-8") as file:
                secret = file.read().strip()
        except OSError as error:
            raise UsageError(f"--client-secret-file: cannot read {args.client_secret_file}: {error.strerror}")
        if not secret:
            raise UsageError(f"--client-secret-file: {args.client_secret_file} is empty")
        return secret
    return os.environ.get(SECRET_ENV) or None


def main(argv):
    try:
        args = parse(argv)
        client = Client(args.client_id, read_secret(args))
    except UsageError as error:
        print(f"tandem_client.py: {error}", file=sys.stderr)
        return 2
    try:
        metadata = discover(args.issuer)
        code, verifier = authorize(metadata, args)
        first = exchange(metadata, client, args, code, verifier)
        check_jws(metadata, client, first["access_token"])
        check_introspection(metadata, client, args, first["access_token"])
        second = refresh(metadata, client, first)
        revoke(metadata, client, second["access_token"])
        reuse(metadata, client, first, second)
    except CheckFailed as failed:
        print(f"FAIL {failed}", file=sys.stderr)
        return 1
    print(f"all checks passed ({'confidential' if client.secret else 'public'} client {client.client_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
