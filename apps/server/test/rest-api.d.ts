// Written by openapi-typescript from /openapi.json; PARK_WRITE_OPENAPI=1 pnpm --filter @park/server test rest writes it again.

export interface paths {
  "/health": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether the server reaches its database */
    get: operations["health-check"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/register": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create an account and sign in */
    post: operations["auth-register"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/login": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in with email or username */
    post: operations["auth-login"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/refresh": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Trade a refresh token for a new pair */
    post: operations["auth-refresh"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/logout": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke a refresh token */
    post: operations["auth-logout"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/me": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in user */
    get: operations["auth-me"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/change-password": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Change your password; every refresh token is revoked */
    post: operations["auth-changePassword"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/lots/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A lot with its levels and rows */
    get: operations["lots-byId"];
    put?: never;
    post?: never;
    /** Delete a lot with nothing parked or booked ahead */
    delete: operations["lots-delete"];
    options?: never;
    head?: never;
    /** Change a lot; capacity grows or shrinks its spots */
    patch: operations["lots-update"];
    trace?: never;
  };
  "/lots": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Find lots by city, name or distance */
    get: operations["lots-list"];
    put?: never;
    /** Create a lot and its spots */
    post: operations["lots-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/lots/{lotId}/availability": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Spots free for a whole window */
    get: operations["lots-availability"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/lots/{lotId}/occupancy": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every spot's status now, with counts per level and row */
    get: operations["lots-occupancy"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/lots/{lotId}/levels": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A lot's levels */
    get: operations["levels-list"];
    put?: never;
    /** Add a level to a lot */
    post: operations["levels-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/levels/{levelId}/rows": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A level's rows */
    get: operations["rows-list"];
    put?: never;
    /** Add a row, with spots, to a level */
    post: operations["rows-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/spots": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Spots by lot, level, row or status */
    get: operations["spots-list"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/rows/{rowId}/spots": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add a spot to a row */
    post: operations["spots-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/spots/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Take a spot out of service or back */
    patch: operations["spots-setOutOfService"];
    trace?: never;
  };
  "/vehicles": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your vehicles */
    get: operations["vehicles-list"];
    put?: never;
    /** Add a vehicle */
    post: operations["vehicles-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/vehicles/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a vehicle neither parked nor booked ahead */
    delete: operations["vehicles-remove"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/lots/{lotId}/quote": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The price of a window at a lot */
    get: operations["reservations-quote"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/reservations": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your reservations (an admin's: everyone's) */
    get: operations["reservations-list"];
    put?: never;
    /** Reserve a spot for a window */
    post: operations["reservations-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/reservations/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One of your reservations */
    get: operations["reservations-byId"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/reservations/{id}/cancel": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a reservation before it starts */
    post: operations["reservations-cancel"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/sessions": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your sessions (staff: everyone's) */
    get: operations["sessions-list"];
    put?: never;
    /** Park now, or check in to a reservation */
    post: operations["sessions-start"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/sessions/{id}/end": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Leave: the session ends and is priced */
    post: operations["sessions-end"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/sessions/{id}/pay": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Pay an ended session */
    post: operations["sessions-pay"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/lots/{lotId}/gate/enter": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A car drives in: its session starts */
    post: operations["gate-enter"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/lots/{lotId}/gate/exit": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A car drives out: its session ends */
    post: operations["gate-exit"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/exports/history": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Your reservations and sessions as CSV, emailed if asked */
    post: operations["exports-history"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/admin/users": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Users with their bookings and spending */
    get: operations["admin-users-list"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/admin/users/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change a user's role or disable them */
    patch: operations["admin-users-update"];
    trace?: never;
  };
  "/admin/audit": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who changed what, newest first */
    get: operations["admin-audit-list"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/admin/reports/summary": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Revenue and occupancy per lot and day */
    get: operations["admin-reports-summary"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/admin/jobs/runs": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Recent job runs */
    get: operations["admin-jobs-list"];
    put?: never;
    /** Run a job now */
    post: operations["admin-jobs-run"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/admin/mail": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The outbox by status */
    get: operations["admin-mail-list"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/admin/mail/{id}/retry": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a dead message again */
    post: operations["admin-mail-retry"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description A failure, as RFC 9457 problem details. */
    Problem: {
      /** @description A tag URI naming the appCode (`tag:park,2026:problem:SPOT_TAKEN`): an identifier, not a link. */
      type: string;
      /** @description The appCode in words. */
      title: string;
      /** @description The HTTP status of the answer. */
      status: number;
      /** @description What went wrong this time, for people; never branch on it. */
      detail: string;
      /**
       * @description The tRPC error code the same failure has on /trpc.
       * @enum {string}
       */
      code:
        | "PARSE_ERROR"
        | "BAD_REQUEST"
        | "UNPROCESSABLE_CONTENT"
        | "PRECONDITION_FAILED"
        | "PRECONDITION_REQUIRED"
        | "UNSUPPORTED_MEDIA_TYPE"
        | "PAYLOAD_TOO_LARGE"
        | "METHOD_NOT_SUPPORTED"
        | "UNAUTHORIZED"
        | "PAYMENT_REQUIRED"
        | "FORBIDDEN"
        | "NOT_FOUND"
        | "CONFLICT"
        | "TOO_MANY_REQUESTS"
        | "SERVICE_UNAVAILABLE"
        | "TIMEOUT"
        | "GATEWAY_TIMEOUT"
        | "CLIENT_CLOSED_REQUEST"
        | "INTERNAL_SERVER_ERROR"
        | "NOT_IMPLEMENTED"
        | "BAD_GATEWAY";
      /**
       * @description The stable domain code to branch on.
       * @enum {string}
       */
      appCode:
        | "INVALID_INPUT"
        | "MALFORMED_INPUT"
        | "BATCH_TOO_LARGE"
        | "WINDOW_IN_PAST"
        | "WINDOW_TOO_FAR_AHEAD"
        | "WINDOW_EMPTY"
        | "WINDOW_TOO_LONG"
        | "UNAUTHENTICATED"
        | "INVALID_TOKEN"
        | "INVALID_CREDENTIALS"
        | "ACCOUNT_DISABLED"
        | "FORBIDDEN"
        | "NOT_FOUND"
        | "USERNAME_TAKEN"
        | "EMAIL_TAKEN"
        | "NAME_TAKEN"
        | "PLATE_TAKEN"
        | "CONFLICT"
        | "SPOT_TAKEN"
        | "LOT_FULL"
        | "CHECK_IN_TOO_EARLY"
        | "RESERVATION_NOT_CONFIRMED"
        | "RESERVATION_STARTED"
        | "SESSION_ENDED"
        | "SESSION_NOT_ENDED"
        | "SESSION_SETTLED"
        | "VEHICLE_DOUBLE_BOOKED"
        | "VEHICLE_PARKED"
        | "VEHICLE_IN_USE"
        | "SPOT_OUT_OF_SERVICE"
        | "SPOT_OCCUPIED"
        | "SPOT_HAS_BOOKINGS"
        | "SPOT_IN_USE"
        | "LOT_HAS_ACTIVE_SESSIONS"
        | "LOT_HAS_BOOKINGS"
        | "PAYLOAD_TOO_LARGE"
        | "METHOD_NOT_SUPPORTED"
        | "MAIL_NOT_DEAD"
        | "LAST_ADMIN"
        | "RATE_LIMITED"
        | "TOO_MANY_SUBSCRIPTIONS"
        | "UNAVAILABLE"
        | "INTERNAL";
      /** @description The request's id, as in the server's logs and the x-request-id header. */
      requestId: string | null;
      /** @description Invalid input only: the messages for each field, whether it came in the body, the query or the path. */
      fieldErrors?: {
        [key: string]: string[];
      };
      /** @description Invalid input only: the messages about the input as a whole. */
      formErrors?: string[];
    };
  };
  responses: {
    /** @description The input is invalid (see `fieldErrors`) or could not be read. */
    InvalidInput: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/problem+json": components["schemas"]["Problem"];
      };
    };
    /** @description No access token, or one that is invalid or expired. */
    Unauthenticated: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/problem+json": components["schemas"]["Problem"];
      };
    };
    /** @description Signed in, but this role may not do this. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/problem+json": components["schemas"]["Problem"];
      };
    };
    /** @description No such record, or someone else's. */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/problem+json": components["schemas"]["Problem"];
      };
    };
    /** @description Any other failure, named by its `appCode`: a conflict, a rate limit, an outage. */
    Problem: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/problem+json": components["schemas"]["Problem"];
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  "health-check": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @enum {string} */
            status: "ok" | "degraded";
            /** @enum {string} */
            db: "ok" | "down";
          };
        };
      };
      default: components["responses"]["Problem"];
    };
  };
  "auth-register": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          username: string;
          /** Format: email */
          email: string;
          password: string;
          phone?: string;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            user: {
              id: string;
              username: string;
              email: string;
              /** @enum {string} */
              role: "user" | "attendant" | "admin";
              phone: string | null;
              /** Format: date-time */
              createdAt: string;
            };
            accessToken: string;
            refreshToken: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      default: components["responses"]["Problem"];
    };
  };
  "auth-login": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          login: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            user: {
              id: string;
              username: string;
              email: string;
              /** @enum {string} */
              role: "user" | "attendant" | "admin";
              phone: string | null;
              /** Format: date-time */
              createdAt: string;
            };
            accessToken: string;
            refreshToken: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      default: components["responses"]["Problem"];
    };
  };
  "auth-refresh": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          refreshToken: string;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            user: {
              id: string;
              username: string;
              email: string;
              /** @enum {string} */
              role: "user" | "attendant" | "admin";
              phone: string | null;
              /** Format: date-time */
              createdAt: string;
            };
            accessToken: string;
            refreshToken: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      default: components["responses"]["Problem"];
    };
  };
  "auth-logout": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          refreshToken: string;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @constant */
            ok: true;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      default: components["responses"]["Problem"];
    };
  };
  "auth-me": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            username: string;
            email: string;
            /** @enum {string} */
            role: "user" | "attendant" | "admin";
            phone: string | null;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "auth-changePassword": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          currentPassword: string;
          newPassword: string;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @constant */
            ok: true;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "lots-byId": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            name: string;
            city: string;
            address: string;
            location: {
              lat: number;
              lng: number;
            } | null;
            timezone: string;
            hourlyRateCents: number;
            dailyMaxCents: number | null;
            currency: string;
            amenities: string[];
            capacity: number;
            available: number;
            distanceKm?: number;
            openingHours: {
              [key: string]: {
                open: string;
                close: string;
              }[];
            } | null;
            graceMinutes: number;
            billingIncrementMinutes: number;
            levels: {
              id: string;
              lotId: string;
              name: string;
              capacity: number;
              available: number;
              rows: {
                id: string;
                levelId: string;
                name: string;
                capacity: number;
                available: number;
              }[];
            }[];
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "lots-delete": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @constant */
            ok: true;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "lots-update": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          name?: string;
          address?: string;
          city?: string;
          lat?: number;
          lng?: number;
          timezone?: string;
          hourlyRateCents?: number;
          dailyMaxCents?: number | null;
          graceMinutes?: number;
          billingIncrementMinutes?: number;
          currency?: string;
          amenities?: string[];
          openingHours?: {
            [key: string]: {
              open: string;
              close: string;
            }[];
          } | null;
          capacity?: number;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            name: string;
            city: string;
            address: string;
            location: {
              lat: number;
              lng: number;
            } | null;
            timezone: string;
            hourlyRateCents: number;
            dailyMaxCents: number | null;
            currency: string;
            amenities: string[];
            capacity: number;
            available: number;
            distanceKm?: number;
            openingHours: {
              [key: string]: {
                open: string;
                close: string;
              }[];
            } | null;
            graceMinutes: number;
            billingIncrementMinutes: number;
            levels: {
              id: string;
              lotId: string;
              name: string;
              capacity: number;
              available: number;
              rows: {
                id: string;
                levelId: string;
                name: string;
                capacity: number;
                available: number;
              }[];
            }[];
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "lots-list": {
    parameters: {
      query?: {
        city?: string;
        search?: string;
        near?: {
          lat: number;
          lng: number;
          radiusKm: number;
        };
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: {
              id: string;
              name: string;
              city: string;
              address: string;
              location: {
                lat: number;
                lng: number;
              } | null;
              timezone: string;
              hourlyRateCents: number;
              dailyMaxCents: number | null;
              currency: string;
              amenities: string[];
              capacity: number;
              available: number;
              distanceKm?: number;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      default: components["responses"]["Problem"];
    };
  };
  "lots-create": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          name: string;
          address: string;
          city: string;
          lat?: number;
          lng?: number;
          timezone?: string;
          hourlyRateCents: number;
          dailyMaxCents?: number | null;
          graceMinutes?: number;
          billingIncrementMinutes?: number;
          currency?: string;
          amenities?: string[];
          openingHours?: {
            [key: string]: {
              open: string;
              close: string;
            }[];
          } | null;
          capacity?: number;
          layout?: {
            levels: {
              name: string;
              rows: {
                name: string;
                spots: number;
                /** @enum {string} */
                kind?: "standard" | "compact" | "ev" | "accessible" | "motorcycle";
              }[];
            }[];
          };
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            name: string;
            city: string;
            address: string;
            location: {
              lat: number;
              lng: number;
            } | null;
            timezone: string;
            hourlyRateCents: number;
            dailyMaxCents: number | null;
            currency: string;
            amenities: string[];
            capacity: number;
            available: number;
            distanceKm?: number;
            openingHours: {
              [key: string]: {
                open: string;
                close: string;
              }[];
            } | null;
            graceMinutes: number;
            billingIncrementMinutes: number;
            levels: {
              id: string;
              lotId: string;
              name: string;
              capacity: number;
              available: number;
              rows: {
                id: string;
                levelId: string;
                name: string;
                capacity: number;
                available: number;
              }[];
            }[];
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "lots-availability": {
    parameters: {
      query: {
        from: string;
        to: string;
        vehicleType?: "car" | "motorcycle" | "van";
      };
      header?: never;
      path: {
        lotId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            available: number;
            spots: {
              id: string;
              label: string;
              /** @enum {string} */
              kind: "standard" | "compact" | "ev" | "accessible" | "motorcycle";
              /** @enum {string} */
              status: "available" | "occupied" | "reserved" | "out_of_service";
              lotId: string;
              levelId: string;
              rowId: string;
            }[];
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "lots-occupancy": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        lotId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            lotId: string;
            /** Format: date-time */
            at: string;
            totals: {
              capacity: number;
              available: number;
              occupied: number;
              reserved: number;
              outOfService: number;
            };
            atRisk: {
              reservationId: string;
              spotId: string;
              /** Format: date-time */
              startsAt: string;
              /** Format: date-time */
              endsAt: string;
              occupantPlate: string;
            }[];
            levels: {
              id: string;
              name: string;
              counts: {
                capacity: number;
                available: number;
                occupied: number;
                reserved: number;
                outOfService: number;
              };
              rows: {
                id: string;
                name: string;
                counts: {
                  capacity: number;
                  available: number;
                  occupied: number;
                  reserved: number;
                  outOfService: number;
                };
              }[];
            }[];
            spots: {
              id: string;
              label: string;
              /** @enum {string} */
              kind: "standard" | "compact" | "ev" | "accessible" | "motorcycle";
              /** @enum {string} */
              status: "available" | "occupied" | "reserved" | "out_of_service";
              lotId: string;
              levelId: string;
              rowId: string;
            }[];
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "levels-list": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        lotId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            lotId: string;
            name: string;
            capacity: number;
            available: number;
          }[];
        };
      };
      400: components["responses"]["InvalidInput"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "levels-create": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        lotId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          name: string;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            lotId: string;
            name: string;
            capacity: number;
            available: number;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "rows-list": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        levelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            levelId: string;
            name: string;
            capacity: number;
            available: number;
          }[];
        };
      };
      400: components["responses"]["InvalidInput"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "rows-create": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        levelId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          name: string;
          spots?: number;
          /** @enum {string} */
          kind?: "standard" | "compact" | "ev" | "accessible" | "motorcycle";
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            levelId: string;
            name: string;
            capacity: number;
            available: number;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "spots-list": {
    parameters: {
      query?: {
        lotId?: string;
        levelId?: string;
        rowId?: string;
        status?: "available" | "occupied" | "reserved" | "out_of_service";
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: {
              id: string;
              label: string;
              /** @enum {string} */
              kind: "standard" | "compact" | "ev" | "accessible" | "motorcycle";
              /** @enum {string} */
              status: "available" | "occupied" | "reserved" | "out_of_service";
              lotId: string;
              levelId: string;
              rowId: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      default: components["responses"]["Problem"];
    };
  };
  "spots-create": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        rowId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          label: string;
          /** @enum {string} */
          kind?: "standard" | "compact" | "ev" | "accessible" | "motorcycle";
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            label: string;
            /** @enum {string} */
            kind: "standard" | "compact" | "ev" | "accessible" | "motorcycle";
            /** @enum {string} */
            status: "available" | "occupied" | "reserved" | "out_of_service";
            lotId: string;
            levelId: string;
            rowId: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "spots-setOutOfService": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          outOfService: boolean;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            label: string;
            /** @enum {string} */
            kind: "standard" | "compact" | "ev" | "accessible" | "motorcycle";
            /** @enum {string} */
            status: "available" | "occupied" | "reserved" | "out_of_service";
            lotId: string;
            levelId: string;
            rowId: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "vehicles-list": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            plate: string;
            /** @enum {string} */
            type: "car" | "motorcycle" | "van";
            label: string | null;
            /** Format: date-time */
            createdAt: string;
          }[];
        };
      };
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "vehicles-create": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          plate: string;
          /**
           * @default car
           * @enum {string}
           */
          type?: "car" | "motorcycle" | "van";
          label?: string;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            plate: string;
            /** @enum {string} */
            type: "car" | "motorcycle" | "van";
            label: string | null;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "vehicles-remove": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @constant */
            ok: true;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "reservations-quote": {
    parameters: {
      query: {
        startsAt: string;
        endsAt: string;
      };
      header?: never;
      path: {
        lotId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            amountCents: number;
            currency: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "reservations-list": {
    parameters: {
      query?: {
        status?: "confirmed" | "checked_in" | "completed" | "cancelled" | "expired";
        userId?: string;
        lotId?: string;
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: {
              id: string;
              /** @enum {string} */
              status: "confirmed" | "checked_in" | "completed" | "cancelled" | "expired";
              lot: {
                id: string;
                name: string;
              };
              spot: {
                id: string;
                label: string;
                levelName: string;
                rowName: string;
              };
              vehicle: {
                id: string;
                plate: string;
              };
              userId: string;
              /** Format: date-time */
              startsAt: string;
              /** Format: date-time */
              endsAt: string;
              amountCents: number;
              currency: string;
              /** Format: date-time */
              createdAt: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "reservations-create": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** Format: uuid */
          lotId: string;
          /** Format: uuid */
          vehicleId: string;
          /** Format: date-time */
          startsAt: string;
          /** Format: date-time */
          endsAt: string;
          /** Format: uuid */
          spotId?: string;
          /** @enum {string} */
          spotKind?: "standard" | "compact" | "ev" | "accessible" | "motorcycle";
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            /** @enum {string} */
            status: "confirmed" | "checked_in" | "completed" | "cancelled" | "expired";
            lot: {
              id: string;
              name: string;
            };
            spot: {
              id: string;
              label: string;
              levelName: string;
              rowName: string;
            };
            vehicle: {
              id: string;
              plate: string;
            };
            userId: string;
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            endsAt: string;
            amountCents: number;
            currency: string;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "reservations-byId": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            /** @enum {string} */
            status: "confirmed" | "checked_in" | "completed" | "cancelled" | "expired";
            lot: {
              id: string;
              name: string;
            };
            spot: {
              id: string;
              label: string;
              levelName: string;
              rowName: string;
            };
            vehicle: {
              id: string;
              plate: string;
            };
            userId: string;
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            endsAt: string;
            amountCents: number;
            currency: string;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "reservations-cancel": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            /** @enum {string} */
            status: "confirmed" | "checked_in" | "completed" | "cancelled" | "expired";
            lot: {
              id: string;
              name: string;
            };
            spot: {
              id: string;
              label: string;
              levelName: string;
              rowName: string;
            };
            vehicle: {
              id: string;
              plate: string;
            };
            userId: string;
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            endsAt: string;
            amountCents: number;
            currency: string;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "sessions-list": {
    parameters: {
      query?: {
        active?: boolean;
        lotId?: string;
        userId?: string;
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: {
              id: string;
              /** @enum {string} */
              status: "active" | "completed";
              lot: {
                id: string;
                name: string;
              };
              spot: {
                id: string;
                label: string;
                levelName: string;
                rowName: string;
              };
              plate: string;
              userId: string | null;
              /** Format: date-time */
              startedAt: string;
              endedAt: string | null;
              reservationId: string | null;
              amountCents: number | null;
              currency: string;
              /** @enum {string} */
              paymentStatus: "unpaid" | "paid" | "waived";
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "sessions-start": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** Format: uuid */
          lotId: string;
          /** Format: uuid */
          vehicleId: string;
          /** Format: uuid */
          reservationId?: string;
          /** Format: uuid */
          spotId?: string;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            /** @enum {string} */
            status: "active" | "completed";
            lot: {
              id: string;
              name: string;
            };
            spot: {
              id: string;
              label: string;
              levelName: string;
              rowName: string;
            };
            plate: string;
            userId: string | null;
            /** Format: date-time */
            startedAt: string;
            endedAt: string | null;
            reservationId: string | null;
            amountCents: number | null;
            currency: string;
            /** @enum {string} */
            paymentStatus: "unpaid" | "paid" | "waived";
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "sessions-end": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            /** @enum {string} */
            status: "active" | "completed";
            lot: {
              id: string;
              name: string;
            };
            spot: {
              id: string;
              label: string;
              levelName: string;
              rowName: string;
            };
            plate: string;
            userId: string | null;
            /** Format: date-time */
            startedAt: string;
            endedAt: string | null;
            reservationId: string | null;
            amountCents: number | null;
            currency: string;
            /** @enum {string} */
            paymentStatus: "unpaid" | "paid" | "waived";
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "sessions-pay": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          method: "card" | "cash" | "wallet";
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            /** @enum {string} */
            status: "active" | "completed";
            lot: {
              id: string;
              name: string;
            };
            spot: {
              id: string;
              label: string;
              levelName: string;
              rowName: string;
            };
            plate: string;
            userId: string | null;
            /** Format: date-time */
            startedAt: string;
            endedAt: string | null;
            reservationId: string | null;
            amountCents: number | null;
            currency: string;
            /** @enum {string} */
            paymentStatus: "unpaid" | "paid" | "waived";
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "gate-enter": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        lotId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          plate: string;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            /** @enum {string} */
            status: "active" | "completed";
            lot: {
              id: string;
              name: string;
            };
            spot: {
              id: string;
              label: string;
              levelName: string;
              rowName: string;
            };
            plate: string;
            userId: string | null;
            /** Format: date-time */
            startedAt: string;
            endedAt: string | null;
            reservationId: string | null;
            amountCents: number | null;
            currency: string;
            /** @enum {string} */
            paymentStatus: "unpaid" | "paid" | "waived";
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "gate-exit": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        lotId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          plate: string;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            /** @enum {string} */
            status: "active" | "completed";
            lot: {
              id: string;
              name: string;
            };
            spot: {
              id: string;
              label: string;
              levelName: string;
              rowName: string;
            };
            plate: string;
            userId: string | null;
            /** Format: date-time */
            startedAt: string;
            endedAt: string | null;
            reservationId: string | null;
            amountCents: number | null;
            currency: string;
            /** @enum {string} */
            paymentStatus: "unpaid" | "paid" | "waived";
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "exports-history": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": {
          email?: boolean;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            filename: string;
            csv: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "admin-users-list": {
    parameters: {
      query?: {
        search?: string;
        role?: "user" | "attendant" | "admin";
        disabled?: boolean;
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: {
              id: string;
              username: string;
              email: string;
              /** @enum {string} */
              role: "user" | "attendant" | "admin";
              phone: string | null;
              /** Format: date-time */
              createdAt: string;
              disabled: boolean;
              reservations: number;
              sessions: number;
              spentCents: number | null;
              spent: {
                currency: string;
                cents: number;
              }[];
              lastActivityAt: string | null;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "admin-users-update": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          role?: "user" | "attendant" | "admin";
          disabled?: boolean;
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            username: string;
            email: string;
            /** @enum {string} */
            role: "user" | "attendant" | "admin";
            phone: string | null;
            /** Format: date-time */
            createdAt: string;
            disabled: boolean;
            reservations: number;
            sessions: number;
            spentCents: number | null;
            spent: {
              currency: string;
              cents: number;
            }[];
            lastActivityAt: string | null;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
  "admin-audit-list": {
    parameters: {
      query?: {
        actorId?: string;
        targetType?: string;
        targetId?: string;
        action?: string;
        from?: string;
        to?: string;
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: {
              id: string;
              /** Format: date-time */
              at: string;
              actor: {
                id: string;
                username: string;
              } | null;
              action: string;
              targetType: string;
              targetId: string | null;
              targetName: string | null;
              before: {
                [key: string]: unknown;
              } | null;
              after: {
                [key: string]: unknown;
              } | null;
              requestId: string | null;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "admin-reports-summary": {
    parameters: {
      query: {
        from: string;
        to: string;
        lotId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            from: string;
            to: string;
            lotId: string | null;
            /** Format: date-time */
            generatedAt: string;
            lots: {
              lotId: string;
              name: string;
              timezone: string;
              currency: string;
              total: {
                revenue: {
                  currency: string;
                  collectedCents: number;
                  outstandingCents: number;
                }[];
                sessions: number;
                endedSessions: number;
                averageStayMinutes: number | null;
                reservations: {
                  confirmed: number;
                  checked_in: number;
                  completed: number;
                  cancelled: number;
                  expired: number;
                  total: number;
                };
                openSpotHours: number;
                occupiedSpotHours: number;
                occupancyRate: number;
                busiestHour: {
                  hour: number;
                  occupiedSpotHours: number;
                } | null;
              };
              occupancyByWeekdayHour: {
                weekday: number;
                hour: number;
                occupiedSpotHours: number;
                openSpotHours: number;
                occupancyRate: number;
              }[];
              days: {
                date: string;
                /** Format: date-time */
                startsAt: string;
                /** Format: date-time */
                endsAt: string;
                hours: number;
                revenue: {
                  currency: string;
                  collectedCents: number;
                  outstandingCents: number;
                }[];
                sessions: number;
                endedSessions: number;
                averageStayMinutes: number | null;
                reservations: {
                  confirmed: number;
                  checked_in: number;
                  completed: number;
                  cancelled: number;
                  expired: number;
                  total: number;
                };
                openSpotHours: number;
                occupiedSpotHours: number;
                occupancyRate: number;
                busiestHour: {
                  hour: number;
                  occupiedSpotHours: number;
                } | null;
              }[];
            }[];
            totals: {
              revenue: {
                currency: string;
                collectedCents: number;
                outstandingCents: number;
              }[];
              sessions: number;
              endedSessions: number;
              averageStayMinutes: number | null;
              reservations: {
                confirmed: number;
                checked_in: number;
                completed: number;
                cancelled: number;
                expired: number;
                total: number;
              };
              openSpotHours: number;
              occupiedSpotHours: number;
              occupancyRate: number;
            };
            occupancyByWeekdayHour: {
              weekday: number;
              hour: number;
              occupiedSpotHours: number;
              openSpotHours: number;
              occupancyRate: number;
            }[];
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "admin-jobs-list": {
    parameters: {
      query?: {
        job?: "dailyReminders" | "dailyAdminReport" | "monthlyReport" | "exportAll" | "bookingUpkeep";
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: {
              id: string;
              job: string;
              dueAt: string | null;
              /** @enum {string} */
              status: "running" | "succeeded" | "failed";
              attempts: number;
              lastError: string | null;
              requestedBy: {
                id: string;
                username: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              startedAt: string | null;
              finishedAt: string | null;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "admin-jobs-run": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          job: "dailyReminders" | "dailyAdminReport" | "monthlyReport" | "exportAll";
        };
      };
    };
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            jobId: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "admin-mail-list": {
    parameters: {
      query?: {
        status?: "pending" | "sent" | "dead";
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: {
              id: string;
              kind: string;
              /** @enum {string} */
              status: "pending" | "sent" | "dead";
              recipient: string;
              userId: string | null;
              attempts: number;
              lastError: string | null;
              /** Format: date-time */
              runAt: string;
              lockedUntil: string | null;
              sentAt: string | null;
              /** Format: date-time */
              createdAt: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      default: components["responses"]["Problem"];
    };
  };
  "admin-mail-retry": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            id: string;
            kind: string;
            /** @enum {string} */
            status: "pending" | "sent" | "dead";
            recipient: string;
            userId: string | null;
            attempts: number;
            lastError: string | null;
            /** Format: date-time */
            runAt: string;
            lockedUntil: string | null;
            sentAt: string | null;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      400: components["responses"]["InvalidInput"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      default: components["responses"]["Problem"];
    };
  };
}
