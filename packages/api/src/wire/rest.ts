// The REST surface under /api/v1. Every procedure but subscriptions says in
// its router which method and path it answers (`.meta({ openapi })`), and
// trpc-to-openapi describes them all in one OpenAPI 3.1 document (openapi.ts).
// This module finds the procedure a request names and reads its input the way
// that document describes it: path parameters, a query string or a JSON body,
// with ISO-8601 strings read as instants where it says date-time and, in
// paths and query strings, numbers and booleans read as such.
//
// trpc-to-openapi's own handler coerces by switching on zod's coercion in the
// procedures' schemas, which tRPC shares: tRPC would then take "5" for 5,
// "false" for true and any string for a date. Here the schemas stay as they
// are and only the REST request is read differently.
import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, RequestBodyObject, SchemaObject } from "openapi3-ts/oas31";
import { forEachOpenApiProcedure, type OpenApiMethod, type OpenApiProcedureRecord } from "trpc-to-openapi";
import { ZodError } from "zod";
import { malformed } from "./input.ts";
import { openApiDocument } from "./openapi.ts";

export { restPrefix } from "./openapi.ts";

export interface RestRoute {
  method: OpenApiMethod;
  /** The path under the prefix, as the document writes it: `/lots/{id}`. */
  template: string;
  /** The procedure's dotted path: `lots.byId`. */
  procedure: string;
  type: "query" | "mutation";
  /** Whether the procedure takes input at all. */
  takesInput: boolean;
  /** Path parameters in the order they appear. */
  pathParameters: string[];
  /** Each path and query parameter's schema, by name. */
  parameters: ReadonlyMap<string, SchemaObject | ReferenceObject | undefined>;
  /** The JSON body's schema; undefined when the operation reads no body. */
  body: SchemaObject | ReferenceObject | undefined;
  pattern: RegExp;
}

export type RestMatch =
  | { route: RestRoute; pathValues: Record<string, string> }
  /** The path exists, but not for this method. */
  | { allowed: OpenApiMethod[] }
  | null;

export interface RestSurface {
  document: OpenAPIObject;
  routes: readonly RestRoute[];
  /** The route for a method and a path under the prefix; throws MALFORMED_INPUT for a path that cannot be decoded. */
  match(method: string, path: string): RestMatch;
}

const operationKeys = { GET: "get", POST: "post", PATCH: "patch", PUT: "put", DELETE: "delete" } as const;

/** The document and the routes of a router's procedures, built once. */
export function createRestSurface(router: AnyTRPCRouter): RestSurface {
  const document = openApiDocument(router);
  const routes: RestRoute[] = [];
  forEachOpenApiProcedure(router._def.procedures as OpenApiProcedureRecord, ({ path: procedure, type, meta }) => {
    if (type === "subscription") return;
    const { method, path: template } = meta.openapi;
    const operation = document.paths?.[template]?.[operationKeys[method]] as OperationObject;
    const parameters = (operation.parameters ?? []) as ParameterObject[];
    const pathParameters = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    routes.push({
      method,
      template,
      procedure,
      type,
      takesInput: parameters.length > 0 || operation.requestBody !== undefined,
      pathParameters,
      parameters: new Map(parameters.map((p) => [p.name, p.schema])),
      body: (operation.requestBody as RequestBodyObject | undefined)?.content["application/json"]?.schema,
      pattern: new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map(escapeRegExp)
          .join("([^/]+)")}$`,
      ),
    });
  });
  return {
    document,
    routes,
    match(method, path) {
      const found = routes.flatMap((route) => {
        const groups = route.pattern.exec(path);
        return groups ? [{ route, groups }] : [];
      });
      if (found.length === 0) return null;
      const hit = found.find(({ route }) => route.method === method);
      if (!hit) return { allowed: [...new Set(found.map(({ route }) => route.method))] };
      const pathValues: Record<string, string> = {};
      hit.route.pathParameters.forEach((name, i) => {
        try {
          pathValues[name] = decodeURIComponent(hit.groups[i + 1]!);
        } catch {
          throw malformed("unreadable");
        }
      });
      return { route: hit.route, pathValues };
    },
  };
}

/**
 * The input a REST request gives its procedure: the path parameters, with the
 * query string (GET, DELETE) or the JSON body (the others), read as the
 * document describes them. `body` is the parsed JSON, undefined when none came
 * or the operation reads none.
 */
export function readRestInput(route: RestRoute, pathValues: Record<string, string>, query: URLSearchParams, body: unknown): unknown {
  if (!route.takesInput) return undefined;
  let input: Record<string, unknown>;
  if (route.method === "GET" || route.method === "DELETE") {
    input = queryObject(query);
    for (const key of Object.keys(input)) input[key] = readValue(input[key], route.parameters.get(key), true);
  } else {
    if (body !== undefined && (body === null || typeof body !== "object" || Array.isArray(body))) throw malformed("object");
    input = (body as Record<string, unknown> | undefined) ?? {};
    readValue(input, route.body, false);
    const repeated = route.pathParameters.filter((name) => Object.hasOwn(input, name));
    if (repeated.length > 0) throw givenInPath(repeated);
  }
  for (const [name, value] of Object.entries(pathValues)) input[name] = readValue(value, route.parameters.get(name), true);
  return input;
}

/**
 * A query string as an object: `near[lat]=1` (OpenAPI's deepObject style)
 * nests, a repeated name gives an array, and names are own keys whatever they
 * are ("__proto__" included).
 */
function queryObject(query: URLSearchParams): Record<string, unknown> {
  const values = new Map<string, unknown>();
  const add = (into: Map<string, unknown>, key: string, value: unknown) => {
    const earlier = into.get(key);
    into.set(key, earlier === undefined ? value : [earlier, value].flat());
  };
  const nested = new Map<string, Map<string, unknown>>();
  for (const [key, value] of query) {
    const deep = /^([^[\]]+)\[([^[\]]+)\]$/.exec(key);
    if (!deep) add(values, key, value);
    else if (!nested.has(deep[1]!)) nested.set(deep[1]!, new Map([[deep[2]!, value]]));
    else add(nested.get(deep[1]!)!, deep[2]!, value);
  }
  for (const [key, fields] of nested) add(values, key, Object.fromEntries(fields));
  return Object.fromEntries(values);
}

/**
 * A value as its schema reads it: an ISO-8601 date-time string as a Date and,
 * for text from a path or query string, numbers and booleans as such. Objects
 * are read in place, field by field; anything else is left for the
 * procedure's schema to judge.
 */
function readValue(value: unknown, schema: SchemaObject | ReferenceObject | undefined, fromText: boolean): unknown {
  if (schema === undefined || "$ref" in schema) return value;
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const read = readValue(value, alternative, fromText);
    if (read !== value) return read;
  }
  if (typeof value === "string") {
    if (schema.format === "date-time") return instantOf(value) ?? value;
    return fromText ? scalarOf(value, [schema.type ?? []].flat()) : value;
  }
  if (Array.isArray(value)) return schema.items ? value.map((item) => readValue(item, schema.items, fromText)) : value;
  if (value !== null && typeof value === "object" && schema.properties) {
    const fields = value as Record<string, unknown>;
    for (const [key, property] of Object.entries(schema.properties)) if (Object.hasOwn(fields, key)) fields[key] = readValue(fields[key], property, fromText);
  }
  return value;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function scalarOf(text: string, types: string[]): unknown {
  if ((types.includes("number") || types.includes("integer")) && jsonNumber.test(text)) return Number(text);
  if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true";
  return text;
}

// RFC 3339's date-time: a date, a time to the second or finer, and Z or an offset.
const dateTime = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** The instant an RFC 3339 date-time names, or null; a day the month lacks (February 30) is no date. */
function instantOf(text: string): Date | null {
  const parts = dateTime.exec(text);
  if (!parts) return null;
  const [year, month, day] = parts.slice(1, 4).map(Number) as [number, number, number];
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day);
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** A body that repeats a path parameter: refused, since the path alone names the record. */
function givenInPath(names: string[]): TRPCError {
  const issues = names.map((name) => ({ code: "custom" as const, path: [name], message: "Given in the path; leave it out of the body", input: undefined }));
  return new TRPCError({ code: "BAD_REQUEST", message: "Invalid input", cause: new ZodError(issues) });
}
