// The lot a gate kiosk stands at outlives reloads and sign-outs: it is the
// device's setting, not the attendant's.
const gateLotKey = "park.kiosk.gateLot";

export function rememberedGateLot(): string | null {
  try {
    return localStorage.getItem(gateLotKey);
  } catch {
    // Storage that is blocked or missing remembers nothing.
    return null;
  }
}

export function rememberGateLot(lotId: string | null): void {
  try {
    if (lotId) localStorage.setItem(gateLotKey, lotId);
    else localStorage.removeItem(gateLotKey);
  } catch {
    // As above: the choice then lasts until the page is reloaded.
  }
}
