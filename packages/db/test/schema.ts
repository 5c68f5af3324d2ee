// A normalised description of the public schema, read from the catalogs, so
// two databases built from the same migrations can be compared line by line.
import type { SqlRunner } from "../src/migrate.ts";

export interface SchemaSnapshot {
  extensions: string[];
  enums: string[];
  columns: string[];
  indexes: string[];
  constraints: string[];
  triggers: string[];
  functions: string[];
}

const ownObjects = `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`;

export async function schemaSnapshot(sql: Pick<SqlRunner, "query">): Promise<SchemaSnapshot> {
  const lines = async (text: string) => (await sql.query<{ line: string }>(text)).map((r) => normalise(r.line)).sort();
  return {
    extensions: await lines(`SELECT extname AS line FROM pg_extension WHERE extname <> 'plpgsql'`),
    enums: await lines(`
      SELECT t.typname || ' = ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typnamespace = 'public'::regnamespace
      GROUP BY t.typname`),
    columns: await lines(`
      SELECT concat_ws(' | ', table_name, column_name, data_type, udt_name,
               'len=' || coalesce(character_maximum_length::text, '-'),
               'num=' || coalesce(numeric_precision::text, '-'),
               'time=' || coalesce(datetime_precision::text, '-'),
               'null=' || is_nullable,
               'default=' || coalesce(column_default, '-')) AS line
      FROM information_schema.columns
      WHERE table_schema = 'public'`),
    indexes: await lines(`SELECT tablename || ' | ' || indexdef AS line FROM pg_indexes WHERE schemaname = 'public'`),
    constraints: await lines(`
      SELECT conrelid::regclass::text || ' | ' || conname || ' | ' || contype::text || ' | ' || pg_get_constraintdef(oid) AS line
      FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace AND conrelid <> 0
        -- Newer servers (PGlite) also list NOT NULL as constraints; nullability is compared with the columns.
        AND contype <> 'n'`),
    triggers: await lines(`
      SELECT pg_get_triggerdef(t.oid) AS line
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace`),
    functions: await lines(`
      SELECT p.proname || ' | ' || pg_get_function_result(p.oid) || ' | ' || p.prosrc AS line
      FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace AND ${ownObjects}`),
  };
}

/** Layout of the catalog output (line breaks, indentation) is not part of the schema. */
function normalise(line: string): string {
  return line.replace(/\s+/g, " ").trim();
}
