"""The mock identity provider (tests/mock_idp.py) speaks OpenID Connect correctly: the code flow
with PKCE, an RS256 ID token that a standard library verifies against the published JWKS, and
refusals of what a real provider refuses (a reused code, a wrong verifier, a wrong secret, an
unregistered redirect address)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.mock_idp import MockIdP

REDIRECT = "http://127.0.0.1:8501/oauth2callback"


@pytest.fixture()
def idp():
    running = MockIdP(redirect_uris=[REDIRECT]).start()
    yield running
    running.stop()


def call(idp: MockIdP, method: str, path: str, form: dict | None = None, headers: dict | None = None):
    """One request, redirects not followed; returns (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(idp.issuer).port, timeout=10)
    body = urlencode(form) if form is not None else None
    all_headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})} if body else (headers or {})
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def basic(idp: MockIdP, secret: str | None = None) -> dict:
    pair = f"{idp.client_id}:{secret if secret is not None else idp.client_secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def sign_in(idp: MockIdP, user: str = "u-anna") -> tuple[str, str]:
    """The browser's part: the sign-in page, then the user's button; returns (code, verifier)."""
    verifier = secrets.token_urlsafe(40)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {"response_type": "code", "client_id": idp.client_id, "redirect_uri": REDIRECT, "scope": "openid email profile",
              "state": "state-1", "nonce": "nonce-1", "code_challenge": challenge, "code_challenge_method": "S256"}
    status, _, page = call(idp, "GET", "/authorize?" + urlencode(params))
    assert status == 200 and b"Sign in as Anna Berg" in page and b"Sign in as Ben Novak" in page
    form = {k: v for k, v in params.items() if k not in ("response_type", "scope")}
    status, headers, _ = call(idp, "POST", "/authorize", {**form, "user": user})
    assert status == 302
    location = urlsplit(headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == ["state-1"]
    return query["code"][0], verifier


def test_discovery_names_endpoints_on_this_machine_only(idp):
    status, _, body = call(idp, "GET", "/.well-known/openid-configuration")
    metadata = json.loads(body)
    assert status == 200 and metadata["issuer"] == idp.issuer
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        assert metadata[key].startswith("http://127.0.0.1:")
    assert "RS256" in metadata["id_token_signing_alg_values_supported"] and "S256" in metadata["code_challenge_methods_supported"]


def test_the_code_flow_gives_an_id_token_that_verifies_against_the_jwks(idp):
    code, verifier = sign_in(idp, "u-ben")
    status, _, body = call(idp, "POST", "/token", {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
                                                   "code_verifier": verifier}, basic(idp))
    assert status == 200, body
    token = json.loads(body)
    jwks = json.loads(call(idp, "GET", "/jwks")[2])
    decoded = jwt.decode(token["id_token"], KeySet.import_key_set(jwks), algorithms=["RS256"])
    claims = decoded.claims
    assert decoded.header["alg"] == "RS256"
    assert (claims["iss"], claims["aud"], claims["sub"], claims["nonce"]) == (idp.issuer, idp.client_id, "u-ben", "nonce-1")
    assert (claims["name"], claims["email"]) == ("Ben Novak", "ben.novak@example.org")
    assert claims["exp"] > claims["iat"]


def test_a_tampered_id_token_does_not_verify(idp):
    code, verifier = sign_in(idp)
    body = call(idp, "POST", "/token", {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
                                        "code_verifier": verifier}, basic(idp))[2]
    header, payload, signature = json.loads(body)["id_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["email"] = "mallory@example.org"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    jwks = json.loads(call(idp, "GET", "/jwks")[2])
    with pytest.raises(Exception, match="(?i)signature"):
        jwt.decode(f"{header}.{forged}.{signature}", KeySet.import_key_set(jwks), algorithms=["RS256"])


def test_what_a_provider_refuses(idp):
    code, verifier = sign_in(idp)
    grant = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": verifier}
    assert call(idp, "POST", "/token", grant, basic(idp, "wrong"))[0] == 401
    assert json.loads(call(idp, "POST", "/token", {**grant, "code_verifier": "wrong"}, basic(idp))[2])["error"] == "invalid_grant"
    # (a failed exchange used the code up, as real providers do for a code that was tried)
    code, verifier = sign_in(idp)
    grant = {**grant, "code": code, "code_verifier": verifier}
    assert call(idp, "POST", "/token", grant, basic(idp))[0] == 200
    assert call(idp, "POST", "/token", grant, basic(idp))[0] == 400  # a code is good once
    params = {"response_type": "code", "client_id": idp.client_id, "redirect_uri": "http://127.0.0.1:9999/elsewhere"}
    status, _, page = call(idp, "GET", "/authorize?" + urlencode(params))
    assert status == 400 and b"not registered" in page
