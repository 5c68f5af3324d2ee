// Hostile values for fuzzing procedures: what a careless or malicious client
// could send, weighted towards the edges where validation and storage part ways.
import fc from "fast-check";

/** Keys every object inherits, and others that code tends to treat specially. */
export const specialKeys = [
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__proto__",
  "__defineGetter__",
  "__lookupSetter__",
  "prototype",
  "then",
  "length",
  "json",
  "meta",
  "0",
  "",
] as const;

const controls = fc
  .integer({ min: 0, max: 0x9f })
  .filter((c) => c < 0x20 || c >= 0x7f)
  .map((c) => String.fromCharCode(c));
const loneSurrogates = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Inserts `inner` somewhere in `text`. */
const spliced = (text: fc.Arbitrary<string>, inner: fc.Arbitrary<string>) =>
  fc.tuple(text, inner, fc.nat()).map(([t, i, at]) => t.slice(0, at % (t.length + 1)) + i + t.slice(at % (t.length + 1)));

const huge = ["x".repeat(300), "é".repeat(5_000), "字".repeat(70_000), "y".repeat(1_100_000)];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  spliced(fc.string({ maxLength: 20 }), controls),
  spliced(fc.string({ maxLength: 20 }), loneSurrogates),
  spliced(fc.string({ maxLength: 20 }), fc.constant("\u0000")),
  fc.constantFrom(...huge),
  fc.constantFrom("", " ", "\t", "\n", "NaN", "Infinity", "-Infinity", "-0", "1e309", "0x1F", " 42 ", "9007199254740993", "null", "undefined", "true"),
  fc.constantFrom("0000-01-01T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "-000001-01-01T00:00:00Z", "2024-02-30T25:61:00Z", "1970-01-01", "now"),
  fc.constantFrom("' OR 1=1 --", "%", "_", "\\", "\\x00", "${jndi}", "<script>", "a\u0000b", "\uD800", "\uDFFF\uD800", "\u202E", "\uFEFF"),
  fc.constantFrom(
    "00000000-0000-0000-0000-000000000000",
    "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF",
    "00000000-0000-4000-8000-00000000000",
    "{00000000-0000-4000-8000-000000000000}",
  ),
  fc.uuid(),
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.5,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31),
    -(2 ** 31) - 1,
    2 ** 32,
    2 ** 40,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 63,
    2 ** 64,
    -(2 ** 63),
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.EPSILON,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1e308,
    20_016,
    100,
    101,
    5_000,
    5_001,
  ),
  fc.integer(),
  fc.double(),
);

const day = 86_400_000;

export const nastyDate: fc.Arbitrary<Date> = fc.oneof(
  fc.constantFrom(
    new Date(Number.NaN),
    new Date(-8.64e15),
    new Date(8.64e15),
    new Date(0),
    new Date("0000-01-01T00:00:00.000Z"),
    new Date("-000001-06-01T00:00:00.000Z"),
    new Date("9999-12-31T23:59:59.999Z"),
    new Date("+010000-01-01T00:00:00.000Z"),
    new Date(Date.UTC(294_277, 0, 1)),
  ),
  fc.date({ noInvalidDate: false }),
  // Around now, where reservation windows are judged.
  fc.integer({ min: -400 * day, max: 400 * day }).map((offset) => new Date(Math.round((Date.now() + offset) / 60_000) * 60_000)),
);

/** Arrays or objects nested `depth` deep, built without recursion. */
export function nested(depth: number, kind: "array" | "object"): unknown {
  let value: unknown = kind === "array" ? [] : {};
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value };
  return value;
}

/** An object whose own keys include names every object inherits ("__proto__" as an own key too). */
export const objectWithSpecialKeys: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(fc.constantFrom(...specialKeys), fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 4 })
  .map((entries) => Object.fromEntries(entries));

/** Any value at all, weighted towards the ones above. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: nastyNumber, weight: 4 },
  { arbitrary: nastyDate, weight: 2 },
  { arbitrary: fc.constantFrom(null, undefined, true, false, [], {}), weight: 2 },
  { arbitrary: objectWithSpecialKeys, weight: 2 },
  { arbitrary: fc.bigInt(), weight: 1 },
  { arbitrary: fc.constantFrom(10, 1_000, 100_000).chain((depth) => fc.constantFrom(nested(depth, "array"), nested(depth, "object"))), weight: 1 },
  {
    arbitrary: fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withBoxedValues: true,
      withTypedArray: true,
      withSparseArray: true,
      stringUnit: "binary",
    }),
    weight: 3,
  },
);

type Path = (string | number)[];

interface Place {
  path: Path;
  value: unknown;
}

/** Every place in a value where something else could stand: fields, elements, at any depth. */
function placesIn(value: unknown, at: Path = [], out: Place[] = []): Place[] {
  if (at.length > 0) out.push({ path: at, value });
  if (Array.isArray(value)) value.forEach((item, i) => placesIn(item, [...at, i], out));
  else if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) placesIn(item, [...at, key], out);
  }
  return out;
}

/**
 * Something that could stand where `value` stands and is nearly right: the
 * same text with a control character or half a surrogate pair in it, a number
 * at an edge, a date at an extreme. These get past the coarse checks and so
 * reach the ones that matter.
 */
function nearly(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value === "string") {
    const same = fc.constant(value);
    return fc.oneof(spliced(same, controls), spliced(same, loneSurrogates), spliced(same, fc.constant("\u0000")), nastyString);
  }
  if (typeof value === "number") return nastyNumber;
  if (value instanceof Date) return nastyDate;
  return nastyValue;
}

const isContainer = (value: unknown): value is Record<string | number, unknown> => value !== null && typeof value === "object" && !(value instanceof Date);

/** A shallow copy: mutations copy only along the path they change, so a value nested 100 000 deep is never walked. */
function shallow<T>(value: T): T {
  if (Array.isArray(value)) return [...value] as T;
  return isContainer(value) ? ({ ...value } as T) : value;
}

/** Sets an own property, even one named "__proto__". */
function put(target: Record<string | number, unknown>, key: string | number, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

type Mutation = (input: unknown) => unknown;

/** A mutation that copies the input along `path` and lets `apply` change the last container on it. */
function edit(path: Path, apply: (parent: Record<string | number, unknown>, key: string | number) => void): Mutation {
  return (input) => {
    const root = shallow(input);
    let parent: unknown = root;
    for (const key of path.slice(0, -1)) {
      if (!isContainer(parent) || !isContainer(parent[key])) return root;
      const copy = shallow(parent[key]);
      put(parent, key, copy);
      parent = copy;
    }
    if (isContainer(parent)) apply(parent, path.at(-1)!);
    return root;
  };
}

/** Mutations of one valid input: a field replaced or dropped anywhere in it, or keys added. */
function mutationsOf(valid: unknown): fc.Arbitrary<Mutation> {
  const places = placesIn(valid);
  const options: fc.Arbitrary<Mutation>[] = [
    fc
      .tuple(fc.constantFrom(...specialKeys, "isAdmin", "role", "userId"), nastyValue)
      .map(([extra, value]) => edit([extra], (parent, key) => put(parent, key, value))),
  ];
  if (places.length > 0) {
    const place = fc.constantFrom(...places);
    options.push(
      place.chain(({ path, value }) => nearly(value).map((replacement) => edit(path, (parent, key) => put(parent, key, replacement)))),
      place.chain(({ path, value }) => nearly(value).map((replacement) => edit(path, (parent, key) => put(parent, key, replacement)))),
      fc.tuple(place, nastyValue).map(([{ path }, value]) => edit(path, (parent, key) => put(parent, key, value))),
      place.map(({ path }) => edit(path, (parent, key) => delete parent[key])),
    );
    // An element repeated: names that must be unique, lists that must be short.
    const elements = places.filter((p) => typeof p.path.at(-1) === "number");
    if (elements.length > 0) {
      options.push(
        fc.constantFrom(...elements).map(({ path, value }) =>
          edit(path.slice(0, -1), (parent, key) => {
            const list = parent[key];
            if (Array.isArray(list)) put(parent, key, [...list, value]);
          }),
        ),
      );
    }
  }
  return fc.oneof(...options);
}

/**
 * Inputs for a procedure whose valid input is `valid`: that input itself, one
 * to three mutations of it, or any value at all.
 */
export function inputsAround(valid: unknown): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constant(valid), weight: 1 },
    { arbitrary: fc.array(mutationsOf(valid), { minLength: 1, maxLength: 3 }).map((steps) => steps.reduce((input, step) => step(input), valid)), weight: 7 },
    { arbitrary: nastyValue, weight: 2 },
  );
}
