"""
A Python OAuth2 client as an integrator would write it (requests-oauthlib's backend application
flow, https://requests-oauthlib.readthedocs.io), run by oauth-clients.test.ts against the real
server: token by client credentials (Basic or body), a protected call, then prints one JSON object.

usage: requests-oauthlib-client.py BASE_URL CLIENT_ID CLIENT_SECRET basic|post
OAUTHLIB_INSECURE_TRANSPORT=1 must be set: the test server speaks plain HTTP.
"""
import json
import sys

from oauthlib.oauth2 import BackendApplicationClient
from requests.auth import HTTPBasicAuth
from requests_oauthlib import OAuth2Session

base, client_id, client_secret, method = sys.argv[1:5]
session = OAuth2Session(client=BackendApplicationClient(client_id=client_id))
if method == "basic":
    token = session.fetch_token(token_url=base + "/oauth/token", auth=HTTPBasicAuth(client_id, client_secret), scope=["asset:view", "site:view"])
else:
    token = session.fetch_token(token_url=base + "/oauth/token", client_id=client_id, client_secret=client_secret, include_client_id=True, scope=["asset:view", "site:view"])
who = session.get(base + "/oauth/whoami")
print(json.dumps({
    "token_type": token["token_type"],
    "expires_in": token["expires_in"],
    "scope": token["scope"],
    "user": token["user"],
    "status": who.status_code,
    "whoami": who.json(),
}))
