// Preloaded into the bot process by the bench (node --require) when BENCH_SEARCH_LOG is set: every
// ldapts search the bot makes is appended to that file as one JSON line (when it started and ended,
// base, scope, filter, attributes, binary attributes, controls, page size, entries returned), so the
// bench can count what an answer reads and its floor can make the very same searches. The filter goes
// as text (to read) and as the BER bytes sent (to replay: ldapts's filter parser turns binary values
// such as objectSid into text and breaks them). No attribute values are kept. One appendFileSync per
// search: microseconds beside a search's milliseconds. Both ldapts reads are wrapped: search and
// searchPaginated (what the bot uses for reads of many entries).
const { appendFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const { BerWriter, Client, FilterParser } = require('ldapts');

const file = process.env.BENCH_SEARCH_LOG;
/** One JSON line for a search that ran from `start` to `end` and returned `entries` entries. */
function record(start, baseDN, options, controls, entries, paged) {
  const end = performance.now();
  const filter =
    typeof options.filter === 'string'
      ? FilterParser.parseString(options.filter)
      : (options.filter ?? FilterParser.parseString('(objectClass=*)'));
  const ber = new BerWriter();
  filter.write(ber);
  const pageSize = (options.paged && options.paged !== true && options.paged.pageSize) || 100;
  const line = {
    start,
    end,
    base: baseDN,
    scope: options.scope ?? 'sub',
    filter: String(filter),
    filterBer: ber.buffer.toString('base64'),
    attributes: options.attributes ?? [],
    binary: options.explicitBufferAttributes ?? [],
    // the SD-flags control (the only one the bot sends besides paging) carries its flags
    controls: [controls ?? []].flat().map((c) => ({ type: c.type, flags: c.flags ?? null })),
    pageSize: paged || options.paged ? pageSize : 0,
    entries,
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

if (file) {
  const search = Client.prototype.search;
  Client.prototype.search = async function (baseDN, options = {}, controls) {
    const start = performance.now();
    let entries = -1;
    try {
      const result = await search.call(this, baseDN, options, controls);
      entries = result.searchEntries.length;
      return result;
    } finally {
      record(start, baseDN, options, controls, entries, false);
    }
  };
  // the page-by-page reads (lists, audits): one line for the whole search, its pages' entries summed
  const searchPaginated = Client.prototype.searchPaginated;
  Client.prototype.searchPaginated = async function* (baseDN, options = {}, controls) {
    const start = performance.now();
    let entries = 0;
    try {
      for await (const page of searchPaginated.call(this, baseDN, options, controls)) {
        entries += page.searchEntries.length;
        yield page;
      }
    } finally {
      record(start, baseDN, options, controls, entries, true);
    }
  };
}
