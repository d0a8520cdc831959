// Keeps a valid access token: refreshes it shortly before it expires and when the API answers
// 401, one refresh at a time however many requests ask. A refresh response may carry a new
// refresh token; the store keeps it, and when it does not, the old one stays valid.

import { Secret } from '../secret';
import type { AccountsClient } from './accounts';
import type { RefreshTokenStore } from './token-store';

export interface AccessTokenSource {
  get(): Promise<string>;
  /** Drops the current token and fetches a new one (after a 401). */
  refresh(): Promise<string>;
}

export interface AccessTokenDeps {
  accounts: AccountsClient;
  store: RefreshTokenStore;
  now: () => number;
  /** Refresh this long before the token's expiry, so no request carries a token about to lapse. */
  skewMs: number;
}

export function createAccessTokenSource(deps: AccessTokenDeps): AccessTokenSource {
  let current: { token: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;

  const refresh = (): Promise<string> => {
    pending ??= (async () => {
      try {
        const response = await deps.accounts.refresh(deps.store.read());
        if (response.refresh_token !== undefined) {
          deps.store.save(new Secret(response.refresh_token));
        }
        current = {
          token: response.access_token,
          expiresAt: deps.now() + response.expires_in * 1000,
        };
        return response.access_token;
      } finally {
        pending = null;
      }
    })();
    return pending;
  };

  return {
    async get() {
      if (current !== null && current.expiresAt - deps.skewMs > deps.now()) {
        return current.token;
      }
      return refresh();
    },
    refresh() {
      current = null;
      return refresh();
    },
  };
}
