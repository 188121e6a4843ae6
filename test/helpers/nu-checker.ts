import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The Nu Html Checker's jar, from the vnu-jar dev dependency (its main export is the jar's path). */
export const VNU_JAR = String(require('vnu-jar'));

/** A page as served: the address it was fetched from and its HTML. */
export interface CheckedPage {
  url: string;
  html: string;
}

/** One error the checker found, pointed at the page it was found in. */
export interface NuError {
  /** The page's address, as fetched (not the temporary file's). */
  page: string;
  line: number | undefined;
  column: number | undefined;
  message: string;
  extract: string | undefined;
}

/** The fields of a message in the checker's JSON report that are read here. */
interface VnuMessage {
  type: string;
  url?: string;
  lastLine?: number;
  firstColumn?: number;
  lastColumn?: number;
  message: string;
  extract?: string;
}

/**
 * Java runs the checker; CI installs it (default-jre-headless) when missing.
 * A machine without it cannot say the pages are valid, so this throws, with
 * what to install, rather than letting a test pass unchecked.
 */
export function requireJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : (probe.stderr || '').trim();
    throw new Error(`The Nu Html Checker needs Java, which did not run (${why}). Install it with: apt-get install default-jre-headless`);
  }
}

/**
 * Check every page with ONE run of the Nu Html Checker (the JVM takes
 * seconds to start): each page is written to a file of a temporary folder
 * and the errors come back against the address the page was fetched from.
 * Warnings are left out (`--errors-only`); a page the checker could not read
 * is an error too.
 */
export async function nuErrors(pages: CheckedPage[]): Promise<NuError[]> {
  requireJava();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-vnu-'));
  try {
    const byFile = new Map<string, string>();
    const files = pages.map((p, i) => {
      const name = `page-${String(i + 1).padStart(3, '0')}.html`;
      fs.writeFileSync(path.join(dir, name), p.html);
      byFile.set(name, p.url);
      return path.join(dir, name);
    });
    const output = await new Promise<string>((resolve, reject) => {
      // Exit status 1 means "errors found"; the JSON report (on stdout, away from anything Java itself says) says which.
      execFile('java', ['-jar', VNU_JAR, '--format', 'json', '--errors-only', '--stdout', ...files], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err && (err as { code?: unknown }).code !== 1) reject(new Error(`the Nu Html Checker failed: ${err.message}\n${stderr}`));
        else resolve(stdout);
      });
    });
    let report: { messages: VnuMessage[] };
    try {
      report = JSON.parse(output) as { messages: VnuMessage[] };
    } catch {
      throw new Error(`the Nu Html Checker's report is not JSON:\n${output}`);
    }
    return report.messages
      .filter((m) => m.type === 'error' || m.type === 'non-document-error')
      .map((m) => ({
        // The checker names files as file: URLs (file:/tmp/…/page-001.html); the file's name says which page.
        page: (m.url && (byFile.get(m.url.slice(m.url.lastIndexOf('/') + 1)) ?? m.url)) || '(unknown page)',
        line: m.lastLine,
        column: m.firstColumn ?? m.lastColumn,
        message: m.message,
        extract: m.extract,
      }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per error, "URL:LINE:COLUMN message", with the offending markup below it. */
export function describeNuErrors(errors: NuError[]): string {
  return errors
    .map((e) => {
      const at = `${e.page}:${e.line ?? '?'}:${e.column ?? '?'}`;
      const extract = e.extract ? `\n    ${e.extract.replace(/\s+/g, ' ').trim()}` : '';
      return `- ${at} ${e.message}${extract}`;
    })
    .join('\n');
}
