/**
 * Entry of a bot child process for the replica and crash tests (test/support/bot-process.ts): loads
 * the bot's modules (the slow part of a start on a busy machine), says `loaded` on stderr, and runs
 * the real `main()` of src/main.ts, with this process's environment, when a line arrives on stdin.
 * So the next bot of a kill -9 loop is warmed while the current one still runs.
 */
import { main } from '../../src/main';

process.stdin.setEncoding('utf8');
process.stdin.once('data', () => {
  process.stdin.pause();
  void main(process.env);
});
process.stderr.write('loaded\n');
