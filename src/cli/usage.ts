/*
 * What `broadsheet help`, `broadsheet help COMMAND` and `broadsheet COMMAND
 * --help` (or -h) print: the list of commands, and each command's own usage.
 */

/** Each command's usage, in the order `broadsheet help` lists them. */
export const COMMAND_USAGE: Record<string, string> = {
  serve: `serve [--demo] [--workers N]
                   Start the web server. With --demo, fill an empty database with demo
                   content first. --workers N (or WORKERS) serves from N processes
                   sharing the port (default: one per core in production, else 1);
                   SIGHUP restarts them one at a time (docs/scaling.md).`,
  migrate: `migrate          Apply pending database migrations and exit.`,
  'seed-demo': `seed-demo        Fill an empty database with the demo site and exit.`,
  'create-user': `create-user --email EMAIL --role ROLE [--name NAME] [--password-stdin]
                   Create a staff account (roles: admin, editor, author, contributor,
                   moderator). Without --password-stdin a strong password is made
                   and printed once.`,
  users: `users list       List staff accounts: email, role, status, last sign-in, two-step.
  users invite --email EMAIL --role ROLE [--name NAME]
                   Invite someone: an account without a password, and an email with
                   a link (good for seven days) to choose one.
  users role ACCOUNT ROLE
                   Change an account's role (ACCOUNT: its email or id).
  users disable ACCOUNT
                   Disable an account: its sessions end and its API tokens are revoked.
  users enable ACCOUNT
                   Let a disabled account sign in again.`,
  'setup-code': `setup-code       Print the one-time code the setup page (/admin/setup) asks for while
                   the site has no admin; the server also logs it when it starts.`,
  settings: `settings         Print every site setting (name, time zone, comment policy, …).
  settings set KEY=VALUE …
                   Change site settings, e.g. settings set guestComments=true
                   moderationMode=all bannedWords=word1,word2. All or nothing.`,
  'search-reindex': `search-reindex   Rebuild the search index from every article and exit.`,
  'repair-counts': `repair-counts    Recount every article's visible comments, fix the stored counts
                   that differ and print them.`,
  generate: `generate [--articles N] [--comments N] [--threads N,N…] [--seed S] [--json]
                   Add a large made-up site for trials and benchmarks: N published
                   stories (default 1000), N comments spread over them (default
                   ten per story) and one story per --threads size holding exactly
                   that many comments. The same --seed writes the same stories.`,
  import: `import wordpress FILE [--dry-run] [--pages] [--pingbacks] [--timezone ZONE] [--uploads DIR]
                   Import a WordPress export (Tools → Export): authors, categories,
                   tags, posts, images and comments, with redirects from the old
                   addresses. Safe to run again. See docs/import-wordpress.md.
  import broadsheet FILE
                   Restore a Broadsheet export into an empty database.`,
  export: `export FILE [--with-secrets] [--format json|wxr]
                   Write the whole site to FILE as Broadsheet's JSON export
                   (docs/export-format.md), or as WXR for WordPress's importer.`,
  backup: `backup DIR       Back up the database and media while the site serves, with
                   a manifest of checksums (docs/backup.md).`,
  restore: `restore DIR      Restore a backup into an empty database and DATA_DIR.`,
  help: `help [COMMAND]   Show this text, or one command's usage.`,
};

export const COMMANDS = Object.keys(COMMAND_USAGE);

const CONFIGURATION = `Configuration comes from environment variables (and ./.env): PORT, HOST, SITE_URL,
DATABASE_URL, DATA_DIR, LOG_LEVEL, TRUST_PROXY, WORKERS. See README.md.`;

/** The text of `broadsheet help`: every command. */
export const USAGE = `Usage: broadsheet <command> [options]

Commands:
${COMMANDS.map((c) => `  ${COMMAND_USAGE[c]}`).join('\n')}

Add --help to a command for its usage alone.

${CONFIGURATION}`;

/** One command's usage, as `broadsheet COMMAND --help` prints it. */
export function commandUsage(command: string): string {
  return `Usage of broadsheet ${command}:\n\n  ${COMMAND_USAGE[command]}\n\n${CONFIGURATION}`;
}

/** Whether the arguments ask for help: --help or -h anywhere before a lone "--". */
export function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
