/*
 * What an import did, for the operator: how many of each kind of thing were
 * created, updated, left unchanged, matched to what the site already had,
 * kept as edited here, or skipped (and why), and notes about single items
 * (what a conversion dropped, a date moved, a thread flattened).
 */

export const KINDS = ['author', 'section', 'tag', 'image', 'story', 'comment'] as const;
export type ReportKind = (typeof KINDS)[number];

/**
 * created / updated / unchanged; matched: an existing author, section or tag
 * with the same slug, used as it is; kept: changed here since the last
 * import, so the newer source was not applied; skipped: not imported.
 */
export const OUTCOMES = ['created', 'updated', 'unchanged', 'matched', 'kept', 'skipped'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ReportNote {
  /** What it is about: "post 1148 “Template: Comments”", "comment 881". */
  subject: string;
  /** The line of the export it starts on. */
  line: number;
  text: string;
}

export interface ImportReport {
  file: string;
  source: string;
  wxrVersion: string;
  dryRun: boolean;
  counts: Record<ReportKind, Record<Outcome, number>>;
  /** Skipped items by reason ("page (import pages with --pages)": 21). */
  skipped: Record<string, number>;
  notes: ReportNote[];
  /** Notes beyond the first MAX_NOTES, counted only. */
  notesLeftOut: number;
  redirects: { added: number; taken: number };
}

const MAX_NOTES = 1000;

export type ReportBuilder = ReturnType<typeof createReport>;

export function createReport(start: Pick<ImportReport, 'file' | 'source' | 'wxrVersion' | 'dryRun'>) {
  const report: ImportReport = {
    ...start,
    counts: Object.fromEntries(KINDS.map((k) => [k, Object.fromEntries(OUTCOMES.map((o) => [o, 0]))])) as ImportReport['counts'],
    skipped: {},
    notes: [],
    notesLeftOut: 0,
    redirects: { added: 0, taken: 0 },
  };
  const note = (subject: string, line: number, text: string) => {
    if (report.notes.length < MAX_NOTES) report.notes.push({ subject, line, text });
    else report.notesLeftOut++;
  };
  return {
    report,
    count(kind: ReportKind, outcome: Outcome): void {
      report.counts[kind][outcome]++;
    },
    note,
    /** Something not imported: counted under its reason, and noted when it is more than a kind of item left out on purpose. */
    skip(kind: ReportKind, reason: string, detail?: { subject: string; line: number }): void {
      report.counts[kind].skipped++;
      report.skipped[reason] = (report.skipped[reason] ?? 0) + 1;
      if (detail) note(detail.subject, detail.line, `not imported: ${reason}`);
    },
    redirects(added: number, taken: number): void {
      report.redirects.added += added;
      report.redirects.taken += taken;
    },
  };
}

const LABELS: Record<ReportKind, string> = { author: 'authors', section: 'sections', tag: 'tags', image: 'images', story: 'stories', comment: 'comments' };

/** The report as lines for a terminal. */
export function reportLines(r: ImportReport): string[] {
  const lines = [`${r.dryRun ? 'Dry run (nothing was saved): ' : ''}WordPress export ${r.file} (WXR ${r.wxrVersion}, from ${r.source})`, ''];
  const width = Math.max(...KINDS.map((k) => LABELS[k].length));
  lines.push(`${''.padEnd(width)}  ${OUTCOMES.map((o) => o.padStart(9)).join(' ')}`);
  for (const k of KINDS) lines.push(`${LABELS[k].padEnd(width)}  ${OUTCOMES.map((o) => String(r.counts[k][o]).padStart(9)).join(' ')}`);
  lines.push('', `Old addresses: ${r.redirects.added} new redirect(s)${r.redirects.taken ? `, ${r.redirects.taken} already leading elsewhere (left as they were)` : ''}.`);
  const skipped = Object.entries(r.skipped).sort((a, b) => b[1] - a[1]);
  if (skipped.length > 0) lines.push('', 'Skipped:', ...skipped.map(([reason, n]) => `  ${String(n).padStart(6)}  ${reason}`));
  if (r.notes.length > 0) lines.push('', 'Notes:', ...r.notes.map((n) => `  line ${n.line}: ${n.subject}: ${n.text}`));
  if (r.notesLeftOut > 0) lines.push(`  … and ${r.notesLeftOut} more notes`);
  return lines;
}
