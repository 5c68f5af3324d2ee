import { Option } from "@commander-js/extra-typings";
import type { RouterOutputs } from "@park/sdk";
import { parseDay, parseLimit } from "../input.ts";
import { findLot } from "../lookups.ts";
import { dateTime, minutes, moneyList, percent, printJson, printLines, printNextPage, printTable } from "../output.ts";
import type { ParkProgram } from "../program.ts";
import { openSession, requireSignIn } from "../session.ts";

type Report = RouterOutputs["admin"]["reports"]["summary"];
type Figures = Report["totals"] & { busiestHour?: Report["lots"][number]["total"]["busiestHour"] };

/** One report line: a lot's figures, or every lot's. */
function figureCells(name: string, figures: Figures): string[] {
  const hour = figures.busiestHour;
  return [
    name,
    moneyList(figures.revenue.map((money) => ({ cents: money.collectedCents, currency: money.currency }))),
    moneyList(figures.revenue.map((money) => ({ cents: money.outstandingCents, currency: money.currency }))),
    String(figures.sessions),
    String(figures.reservations.total),
    percent(figures.occupancyRate),
    figures.averageStayMinutes === null ? "–" : minutes(figures.averageStayMinutes),
    hour ? `${String(hour.hour).padStart(2, "0")}:00` : "–",
  ];
}

export function registerAdminCommands(program: ParkProgram) {
  const admin = program.command("admin").description("the back office (admins only)");

  admin
    .command("users")
    .description("users with their bookings, spending and last activity")
    .option("--search <text>", "only users whose username or email contains this")
    .addOption(new Option("--role <role>", "only users with this role").choices(["user", "attendant", "admin"] as const))
    .option("--disabled", "only disabled accounts")
    .option("--limit <n>", "users per page (1-100, default 20)", parseLimit)
    .option("--cursor <cursor>", "the page after the one that printed this cursor")
    .action(async (options, command) => {
      const session = openSession(command.optsWithGlobals());
      requireSignIn(session);
      const page = await session.client.admin.users.list.query({
        search: options.search,
        role: options.role,
        disabled: options.disabled,
        limit: options.limit,
        cursor: options.cursor,
      });
      if (session.json) return printJson(page);
      printTable(
        [
          { header: "USERNAME" },
          { header: "EMAIL" },
          { header: "ROLE" },
          { header: "ACCOUNT" },
          { header: "RESERVATIONS", align: "right" },
          { header: "SESSIONS", align: "right" },
          { header: "SPENT", align: "right" },
          { header: "LAST ACTIVE" },
          { header: "ID" },
        ],
        page.items.map((user) => [
          user.username,
          user.email,
          user.role,
          user.disabled ? "disabled" : "active",
          String(user.reservations),
          String(user.sessions),
          moneyList(user.spent),
          user.lastActivityAt ? dateTime(user.lastActivityAt) : "–",
          user.id,
        ]),
        "No users found.",
      );
      printNextPage(page.nextCursor);
    });

  admin
    .command("report")
    .description("revenue, sessions, reservations and occupancy per lot, by each lot's own calendar days")
    .requiredOption("--from <day>", "first day, YYYY-MM-DD", parseDay)
    .requiredOption("--to <day>", "last day, YYYY-MM-DD", parseDay)
    .option("--lot <lot>", "only this lot (id or name)")
    .action(async (options, command) => {
      const session = openSession(command.optsWithGlobals());
      requireSignIn(session);
      const lotId = options.lot ? (await findLot(session.client, options.lot)).id : undefined;
      const report = await session.client.admin.reports.summary.query({ from: options.from, to: options.to, lotId });
      if (session.json) return printJson(report);
      printLines(`${report.from} to ${report.to}, each lot on its own clock; as of ${dateTime(report.generatedAt)}.`, "");
      printTable(
        [
          { header: "LOT" },
          { header: "COLLECTED", align: "right" },
          { header: "OUTSTANDING", align: "right" },
          { header: "SESSIONS", align: "right" },
          { header: "RESERVATIONS", align: "right" },
          { header: "OCCUPANCY", align: "right" },
          { header: "AVERAGE STAY", align: "right" },
          { header: "BUSIEST HOUR", align: "right" },
        ],
        [...report.lots.map((lot) => figureCells(lot.name, lot.total)), ...(report.lots.length > 1 ? [figureCells("All lots", report.totals)] : [])],
        "No lots.",
      );
    });
}
