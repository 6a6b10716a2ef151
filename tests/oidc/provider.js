// A real OpenID Connect provider (node-oidc-provider) for Kuulu's identity tests.
//
//   node provider.js CONFIG.json
//
// CONFIG names the clients (staff SSO and the FTN-profile resident client) and an admin token.
// The provider listens on a free loopback port and prints "READY <issuer>" on stdout.
//
// Besides the provider's own endpoints it serves:
//   GET  /interaction/:uid          a sign-in form (the "IdP login page")
//   POST /interaction/:uid/login    field `account`: signs that account in (acr/amr from the account)
//   PUT  /test/accounts/:id         (admin token) sets an account's claims, acr and amr
//   DELETE /test/accounts/:id       (admin token) removes the account (the IdP no longer knows it)
//   POST /test/fault                (admin token) {"mode": ...} tampers with the next token response:
//       bad_signature   ID token re-signed with a key the provider does not publish (same kid)
//       wrong_audience  ID token re-signed with the real key, `aud` another client
//       expired         ID token re-signed with the real key, `exp` ten minutes ago
//       forget_account  the account is removed right after the token is issued, so userinfo fails
//   An encrypted ID token is decrypted with CONFIG's test_client_decryption_key, changed and
//   encrypted again, so the faults reach inside the FTN profile's encryption too.
// Consent is implied for these first-party clients (loadExistingGrant grants what is asked).
import { readFileSync } from 'node:fs';
import http from 'node:http';

import {
  CompactEncrypt, compactDecrypt, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT,
} from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = new Map();
let fault = null;

async function rsaKey(kid) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

const signingKey = await rsaKey('provider-sig-1');
const rogueKey = await rsaKey('provider-sig-1'); // same kid, different key: a forged signature

function publicOnly(jwk) {
  const { d, p, q, dp, dq, qi, ...pub } = jwk;
  return pub;
}

const configuration = {
  clients: config.clients,
  jwks: { keys: [signingKey] },
  cookies: { keys: ['kuulu-test-provider-cookie-key'] },
  claims: {
    acr: null,
    amr: null,
    auth_time: null,
    sid: null,
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'birthdate'],
    groups: ['groups', 'employee_id', 'department', 'kuulu_active'],
    hetu: ['hetu', 'home_municipality_code'],
  },
  scopes: ['openid', 'email', 'profile', 'groups', 'hetu'],
  acrValues: [
    'http://ftn.ficora.fi/2017/loa2',
    'http://ftn.ficora.fi/2017/loa3',
    'http://eidas.europa.eu/LoA/substantial',
    'http://eidas.europa.eu/LoA/high',
    'urn:kuulu:staff-password',
  ],
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    encryption: { enabled: true },
    requestObjects: { enabled: true, requireSignedRequestObject: false },
    claimsParameter: { enabled: true },
    userinfo: { enabled: true },
  },
  enabledJWA: {
    idTokenEncryptionAlgValues: ['RSA-OAEP', 'RSA-OAEP-256'],
    idTokenEncryptionEncValues: ['A128CBC-HS256', 'A256GCM'],
    requestObjectSigningAlgValues: ['RS256', 'PS256', 'ES256'],
    clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256', 'HS256'],
  },
  pkce: { required: () => true },
  ttl: { IdToken: 300, AccessToken: 300, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
  issueRefreshToken: () => false,
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(configuration.scopes.join(' '));
    grant.addOIDCClaims(Object.entries(configuration.claims).flatMap(([k, v]) => v || [k]));
    await grant.save();
    return grant;
  },
  renderError(ctx, out) {
    ctx.type = 'text/plain';
    ctx.body = `${out.error}: ${out.error_description || ''}`;
  },
};

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function send(res, status, body, type = 'text/plain') {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8` });
  res.end(body);
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration);

  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || !fault || ctx.status !== 200 || !ctx.body?.id_token) return;
    const mode = fault;
    fault = null;
    if (mode === 'forget_account') {
      accounts.delete(decodeJwt(ctx.body.id_token).sub);
      return;
    }
    let original = ctx.body.id_token;
    let jweHeader = null;
    if (original.split('.').length === 5) {
      // Encrypted to the client: the tests hand over the client's key so faults can be made
      // inside the encryption too (decrypt, change, re-sign, encrypt again as the provider did).
      if (!config.test_client_decryption_key) return;
      const decryptionKey = await importJWK(config.test_client_decryption_key, 'RSA-OAEP-256');
      const { plaintext, protectedHeader } = await compactDecrypt(original, decryptionKey);
      jweHeader = protectedHeader;
      original = new TextDecoder().decode(plaintext);
    }
    const payload = decodeJwt(original);
    const header = decodeProtectedHeader(original);
    const now = Math.floor(Date.now() / 1000);
    let key = signingKey;
    if (mode === 'bad_signature') key = rogueKey;
    if (mode === 'wrong_audience') payload.aud = 'some-other-client';
    if (mode === 'expired') Object.assign(payload, { iat: now - 1200, exp: now - 600 });
    let idToken = await new SignJWT(payload).setProtectedHeader(header).sign(await importJWK(key, 'RS256'));
    if (jweHeader) {
      const encryptionKey = await importJWK(publicOnly(config.test_client_decryption_key), 'RSA-OAEP-256');
      idToken = await new CompactEncrypt(new TextEncoder().encode(idToken))
        .setProtectedHeader(jweHeader)
        .encrypt(encryptionKey);
    }
    ctx.body = { ...ctx.body, id_token: idToken };
  });

  const handle = provider.callback();
  server.on('request', async (req, res) => {
    try {
      const url = new URL(req.url, issuer);
      const parts = url.pathname.split('/').filter(Boolean);
      if (parts[0] === 'test') {
        if (req.headers['x-admin-token'] !== config.admin_token) return send(res, 403, 'forbidden');
        const body = await readBody(req);
        if (parts[1] === 'accounts' && req.method === 'PUT') {
          accounts.set(parts[2], JSON.parse(body));
          return send(res, 204, '');
        }
        if (parts[1] === 'accounts' && req.method === 'DELETE') {
          accounts.delete(parts[2]);
          return send(res, 204, '');
        }
        if (parts[1] === 'fault' && req.method === 'POST') {
          fault = JSON.parse(body).mode || null;
          return send(res, 204, '');
        }
        if (parts[1] === 'jwks') return send(res, 200, JSON.stringify({ keys: [publicOnly(signingKey)] }), 'application/json');
        return send(res, 404, 'not found');
      }
      if (parts[0] === 'interaction' && parts.length === 2 && req.method === 'GET') {
        const details = await provider.interactionDetails(req, res);
        return send(
          res,
          200,
          `<!doctype html><title>Test IdP</title><form method="post" action="/interaction/${details.uid}/login">`
            + `<label>Account <input name="account"></label><button>Sign in</button></form>`,
          'text/html',
        );
      }
      if (parts[0] === 'interaction' && parts[2] === 'login' && req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const accountId = form.get('account');
        const account = accounts.get(accountId);
        if (!account) {
          return provider.interactionFinished(req, res, {
            error: 'access_denied', error_description: 'unknown account',
          }, { mergeWithLastSubmission: false });
        }
        return provider.interactionFinished(req, res, {
          login: { accountId, acr: account.acr, amr: account.amr, remember: false },
        }, { mergeWithLastSubmission: false });
      }
      return handle(req, res);
    } catch (err) {
      return send(res, 500, String(err));
    }
  });
  process.stdout.write(`READY ${issuer}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
