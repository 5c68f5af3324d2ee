export {
  appCode,
  createParkClient,
  errorCode,
  fieldErrors,
  isParkError,
  maxBatchSize,
  onSignedOut,
  type AppCode,
  type ParkClient,
  type ParkClientOptions,
  type ParkError,
  type RouterInputs,
  type RouterOutputs,
} from "./client.ts";
export {
  decimalAmount,
  formatDuration,
  formatMoney,
  minorDigits,
  spotKindLabel,
  spotKinds,
  vehicleTypeLabel,
  vehicleTypes,
  type SpotKind,
  type VehicleType,
} from "./format.ts";
export type { AppRouter } from "./router.ts";
export type { TokenStorage } from "./browser.ts";
export { localStorageTokenStore, memoryTokenStore, type LocalStorageTokenStoreOptions, type TokenPair, type TokenStore } from "./tokens.ts";
export {
  createLotAvailabilityStore,
  type AvailabilityUpdate,
  type AvailabilityWindow,
  type LiveState,
  type LiveStatus,
  type LiveStore,
  type LiveStoreOptions,
  type WindowAvailability,
} from "./live.ts";
export { createAuthStore, type AuthState, type AuthStore, type SessionEnd, type SignedInSession, type User } from "./auth.ts";
