export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/** Where a client keeps its tokens: memory, localStorage, a file… */
export interface TokenStore {
  get(): TokenPair | null;
  set(tokens: TokenPair | null): void;
}

export function memoryTokenStore(initial: TokenPair | null = null): TokenStore {
  let tokens = initial;
  return {
    get: () => tokens,
    set: (next) => {
      tokens = next;
    },
  };
}
