#!/usr/bin/env node
/**
 * `fpml`: the lab's command line. Argument parsing only; the commands live in commands.ts.
 *
 *   fpml                      the flagship suite in quick mode (what `pnpm lab` runs)
 *   fpml list                 experiments of every level
 *   fpml run NAME [--seed N] [--seeds 0,1,2] [--param k=v ...] [--quick]
 *   fpml runs [--reindex]     recent runs and their status
 *   fpml show RUN             a run's report
 *   fpml compare RUN RUN      params and metrics side by side
 *   fpml bench [--filter PKG] run the benchmarks and print one table
 */
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { FpmlError } from '@fpml/core';
import { benchCommand } from './bench.js';
import { compareCommand, defaultJob, listCommand, runCommand, runsCommand, showCommand, type LabOptions } from './commands.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function intArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got "${v}"`);
  return n;
}
function seedList(v: string): number[] {
  return v.split(',').map((s) => intArg(s.trim()));
}
function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('fpml');
  program
    .description('fpml lab: run experiments, read reports, compare runs')
    .option('--runs-dir <dir>', 'folder of run folders and the runs database', process.env.FPML_RUNS_DIR ?? join(process.cwd(), 'runs'))
    .showHelpAfterError()
    .exitOverride();
  const opts = (): LabOptions => ({ runsDir: resolve(program.opts().runsDir as string), out: (s) => process.stdout.write(s + '\n'), handleSignals: true });

  program.command('list').description('list the experiments of every level').action(() => listCommand(opts()));
  program
    .command('run <name>')
    .description('run an experiment')
    .option('--seed <n>', 'seed', intArg)
    .option('--seeds <list>', 'comma-separated seeds; reports mean ± std', seedList)
    .option('--param <k=v>', 'override a param (repeatable)', collect, [])
    .option('--quick', 'smaller sizes for a fast check')
    .action(async (name: string, o: { seed?: number; seeds?: number[]; param: string[]; quick?: boolean }) => {
      await runCommand(name, { ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.seeds ? { seeds: o.seeds } : {}), params: o.param, quick: !!o.quick }, opts());
    });
  program.command('runs').description('recent runs and their status').option('--reindex', 'rebuild the runs database from the run folders').option('--limit <n>', 'how many', intArg, 20).action((o: { reindex?: boolean; limit: number }) => {
    runsCommand(o, opts());
  });
  program.command('show <run>').description("print a run's report").action((id: string) => showCommand(id, opts()));
  program.command('compare <a> <b>').description('params and metrics of two runs side by side').action((a: string, b: string) => compareCommand(a, b, opts()));
  let benchStatus = 0;
  program.command('bench').description('run the benchmarks (turbo) and print one table').option('--filter <pkg>', 'one package, e.g. level2-classical').action((o: { filter?: string }) => {
    benchStatus = benchCommand(REPO_ROOT, o.filter, (s) => process.stdout.write(s + '\n'));
  });
  program.action(async (_o: unknown, cmd: Command) => {
    if (cmd.args.length > 0) throw new CommanderError(1, 'fpml.unknownCommand', `error: unknown command '${cmd.args[0]}' (commands: list, run, runs, show, compare, bench)`);
    await defaultJob(opts());
  });
  program.allowExcessArguments(true);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return benchStatus;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      if (e.code === 'fpml.unknownCommand') process.stderr.write(e.message + '\n');
      return e.exitCode || 1;
    }
    if (e instanceof FpmlError) {
      process.stderr.write(`fpml: ${e.name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && realpathSync(resolve(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url))) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    process.stderr.write(`fpml: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  });
}
