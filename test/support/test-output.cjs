// What tests hand to the end of the run, through files under one temporary folder.
//
// The summary reporter (summary-reporter.cjs) creates the folder when jest starts, before any test
// worker exists, and announces it in MSA_WARDEN_TEST_OUTPUT; workers inherit the variable, so this
// works the same in the unit project (no globalSetup) and the integration project. Tests write:
//   - figures: `reportFigure('hostile input: 10,000 messages, 0 crashes')`, one JSON line each in
//     figures.jsonl; the reporter prints them after the run, so `npm test` shows them;
//   - captured output: `captureOutput('bot-log', line)`: log lines, cards and HTTP bodies the
//     harnesses saw, in captured-<pid>.log; the reporter scans all of it for the run's secrets
//     (scanForSecrets) and fails the run on any hit.
// Appends are small single writes to files opened for appending, so parallel workers do not interleave.
const { appendFileSync, readFileSync, readdirSync } = require('node:fs');
const path = require('node:path');

const OUTPUT_ENV = 'MSA_WARDEN_TEST_OUTPUT';
const FIGURES_FILE = 'figures.jsonl';

/** The run's output folder, or null when jest was started without the summary reporter. */
function outputDir() {
  const dir = process.env[OUTPUT_ENV];
  return dir === undefined || dir === '' ? null : dir;
}

/** One line for the end of the run, e.g. "hostile input: 10,000 messages + 10,000 invokes, 0 crashes". */
function reportFigure(text) {
  const dir = outputDir();
  if (dir === null) return;
  appendFileSync(path.join(dir, FIGURES_FILE), `${JSON.stringify({ text, at: Date.now() })}\n`);
}

/** Something a harness saw (a log line, a card, an HTTP body): scanned for secrets after the run. */
function captureOutput(source, text) {
  const dir = outputDir();
  if (dir === null) return;
  const flat = String(text).replaceAll('\n', '\\n');
  appendFileSync(path.join(dir, `captured-${process.pid}.log`), `${source}\t${flat}\n`);
}

/** The figures tests reported, in the order they came. */
function readFigures(dir) {
  let text;
  try {
    text = readFileSync(path.join(dir, FIGURES_FILE), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line))
    .sort((a, b) => a.at - b.at)
    .map((figure) => figure.text);
}

/**
 * The ways a secret could show up in output: as is, JSON-escaped, URL-encoded, base64 (plain and
 * URL-safe), hex, and base64 of the quoted UTF-16LE form AD's unicodePwd takes.
 */
function secretForms(value) {
  const utf8 = Buffer.from(value, 'utf8');
  const quotedUtf16 = Buffer.from(`"${value}"`, 'utf16le');
  const forms = [
    value,
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
    utf8.toString('base64').replace(/=+$/, ''),
    utf8.toString('base64url'),
    utf8.toString('hex'),
    quotedUtf16.toString('base64').replace(/=+$/, ''),
  ];
  return [...new Set(forms)];
}

/**
 * Scans every captured-*.log under `dir` for every form of every secret (`{ name: value }`; values
 * shorter than 8 characters are refused: they would match by chance). Returns the hits by secret
 * name and source, never the values, and how much was scanned.
 */
function scanForSecrets(dir, secrets) {
  const named = Object.entries(secrets).filter(([, value]) => typeof value === 'string' && value !== '');
  for (const [name, value] of named) {
    if (value.length < 8) throw new Error(`the test secret ${name} is too short to scan for`);
  }
  const patterns = named.flatMap(([name, value]) => secretForms(value).map((form) => ({ name, form })));
  const hits = [];
  let files = 0;
  let lines = 0;
  let bytes = 0;
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    entries = [];
  }
  for (const file of entries.filter((f) => f.startsWith('captured-')).sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    files += 1;
    bytes += Buffer.byteLength(text);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
    for (const { name, form } of patterns) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length)) {
        const lineStart = text.lastIndexOf('\n', at) + 1;
        hits.push({ secret: name, source: text.slice(lineStart, text.indexOf('\t', lineStart)), file });
      }
    }
  }
  return { hits, files, lines, bytes, secrets: named.map(([name]) => name) };
}

module.exports = {
  OUTPUT_ENV,
  outputDir,
  reportFigure,
  captureOutput,
  readFigures,
  secretForms,
  scanForSecrets,
};
