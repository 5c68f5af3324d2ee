import type { Prisma } from "./generated/prisma/client.ts";
import type { SpotKind } from "./generated/prisma/enums.ts";

export interface RowLayout {
  name: string;
  spots: number;
  kind?: SpotKind | undefined;
}

export interface LotLayout {
  levels: { name: string; rows: RowLayout[] }[];
}

/** The layout a plain `capacity` stands for: one level, one row, spots 1..n. */
export function capacityLayout(capacity: number): LotLayout {
  return { levels: [{ name: "Level 1", rows: [{ name: "A", spots: capacity }] }] };
}

/**
 * Writes levels, rows and spots of a new lot in three statements whatever its
 * size. Spots are labelled 1..n within their row.
 */
export async function insertLayout(tx: Prisma.TransactionClient, lotId: string, layout: LotLayout): Promise<void> {
  const levels = layout.levels.map((level, position) => ({ id: crypto.randomUUID(), lotId, name: level.name, position }));
  const rows = layout.levels.flatMap((level, l) =>
    level.rows.map((row, position) => ({ id: crypto.randomUUID(), lotId, levelId: levels[l]!.id, name: row.name, position, layout: row })),
  );
  const spots = rows.flatMap((row) =>
    Array.from({ length: row.layout.spots }, (_, i) => ({
      lotId,
      levelId: row.levelId,
      rowId: row.id,
      label: String(i + 1),
      position: i + 1,
      kind: row.layout.kind ?? "standard",
    })),
  );
  await tx.level.createMany({ data: levels });
  await tx.row.createMany({ data: rows.map(({ layout: _layout, ...row }) => row) });
  if (spots.length > 0) await tx.spot.createMany({ data: spots });
}
