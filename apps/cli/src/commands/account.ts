import { read } from "read";
import { readCredentials, removeCredentials, writeCredentials } from "../credentials.ts";
import { usageError } from "../errors.ts";
import { printJson, printLines } from "../output.ts";
import type { ParkProgram } from "../program.ts";
import { anonymousClient, openSession, requireSignIn } from "../session.ts";

/** Asks on the terminal (on stderr, so that stdout stays the command's output); scripts must pass `flag` instead. */
async function ask(prompt: string, flag: string, silent = false): Promise<string> {
  if (!process.stdin.isTTY) throw usageError(`${flag} is needed when park is not run on a terminal.`);
  const answer = await read({ prompt, silent, output: process.stderr });
  // The Enter that ended a hidden answer was not echoed either.
  if (silent) process.stderr.write("\n");
  return answer;
}

export function registerAccountCommands(program: ParkProgram) {
  program
    .command("login")
    .description("sign in; the tokens are kept in your config directory, readable by you only")
    .option("--login <login>", "email or username (asked for when missing)")
    .option("--password <password>", "password; better PARK_PASSWORD or the prompt, as arguments show in the process list")
    .action(async (options, command) => {
      const session = openSession(command.optsWithGlobals());
      const login = options.login ?? (await ask("Email or username: ", "--login"));
      const password = options.password ?? process.env.PARK_PASSWORD ?? (await ask("Password: ", "--password or PARK_PASSWORD", true));
      const replaced = session.tokens.get();
      const client = anonymousClient(session.url);
      const { user, accessToken, refreshToken } = await client.auth.login.mutate({ login, password });
      writeCredentials(session.credentialsFile, { url: session.url, accessToken, refreshToken });
      // The sign-in this one replaces is of no more use to anyone: revoked, if the server can be told.
      if (replaced) await client.auth.logout.mutate({ refreshToken: replaced.refreshToken }).catch(() => undefined);
      if (session.json) return printJson(user);
      printLines(`Signed in to ${session.url} as ${user.username} (${user.email}, ${user.role}).`);
    });

  program
    .command("logout")
    .description("revoke the stored sign-in on its server and delete it here")
    .action(async (_options, command) => {
      const session = openSession(command.optsWithGlobals());
      const stored = readCredentials(session.credentialsFile);
      if (!stored) {
        if (session.json) return printJson({ ok: true });
        return printLines("Not signed in.");
      }
      try {
        await anonymousClient(stored.url).auth.logout.mutate({ refreshToken: stored.refreshToken });
      } finally {
        // Deleted even when the server cannot be told: the user asked to be signed out here.
        removeCredentials(session.credentialsFile);
      }
      if (session.json) return printJson({ ok: true });
      printLines(`Signed out of ${stored.url}.`);
    });

  program
    .command("whoami")
    .description("the signed-in user")
    .action(async (_options, command) => {
      const session = openSession(command.optsWithGlobals());
      requireSignIn(session);
      const me = await session.client.auth.me.query();
      if (session.json) return printJson(me);
      printLines(`${me.username} (${me.email}, ${me.role}) on ${session.url}`);
    });
}
