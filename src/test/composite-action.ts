/**
 * Runs a composite action's steps as the GitHub Actions runner does, on this machine: inputs with
 * their defaults, `${{ inputs.* }}` and `${{ steps.*.outputs.* }}` expressions, `shell: bash` as
 * `bash --noprofile --norc -eo pipefail FILE`, GITHUB_ACTION_PATH, GITHUB_WORKSPACE and
 * GITHUB_OUTPUT, step outputs mapped to the action's outputs. The log is read back as the runner
 * reads it: a line whose text, leading spaces trimmed, starts with `::` is a workflow command,
 * unless commands were stopped with `::stop-commands::TOKEN`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

type ActionFile = {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; shell?: string; run?: string; env?: Record<string, string> }[] };
};

/** A workflow command as the runner parses it. */
export type WorkflowCommand = { readonly command: string; readonly properties: Record<string, string>; readonly data: string };

export type ActionRun = {
  /** The exit status of the first step that failed, or 0. */
  readonly status: number;
  readonly outputs: Record<string, string>;
  /** Every workflow command the runner would act on, stdout and stderr alike. */
  readonly commands: WorkflowCommand[];
  /** The lines the log shows as text. */
  readonly text: string[];
};

const unescapeData = (text: string) => text.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');
const unescapeProperty = (text: string) => unescapeData(text.replaceAll('%3A', ':').replaceAll('%2C', ','));

/** Reads a step's log as the runner does. */
export function readLog(lines: readonly string[]): { commands: WorkflowCommand[]; text: string[] } {
  const commands: WorkflowCommand[] = [];
  const text: string[] = [];
  let stopToken: string | undefined;
  for (const line of lines) {
    const trimmed = line.trimStart();
    if (stopToken !== undefined) {
      if (trimmed === `::${stopToken}::`) stopToken = undefined;
      else text.push(line);
      continue;
    }
    const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/s.exec(trimmed);
    if (!match) {
      text.push(line);
      continue;
    }
    const [, command = '', list = '', data = ''] = match;
    if (command === 'stop-commands') {
      stopToken = data;
      continue;
    }
    const properties: Record<string, string> = {};
    for (const pair of list.split(',').filter((item) => item !== '')) {
      const at = pair.indexOf('=');
      if (at > 0) properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1));
    }
    commands.push({ command, properties, data: unescapeData(data) });
  }
  return { commands, text };
}

/** Reads a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` blocks. */
function readOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block?.[1] && block[2]) {
      const end = lines.indexOf(block[2], index + 1);
      outputs[block[1]] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return outputs;
}

/** Runs the composite action at `actionPath` (its folder) with `inputs`, in `workspace`. */
export function runCompositeAction(
  actionPath: string,
  inputs: Record<string, string>,
  workspace: string,
  environment: NodeJS.ProcessEnv = process.env,
): ActionRun {
  const action = parse(readFileSync(join(actionPath, 'action.yml'), 'utf8')) as ActionFile;
  if (action.runs.using !== 'composite') throw new Error('not a composite action');
  const inputValues: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    const value = inputs[name] ?? input.default ?? '';
    if (input.required && value === '') throw new Error(`input ${name} is required`);
    inputValues[name] = value;
  }
  for (const name of Object.keys(inputs)) if (!(name in inputValues)) throw new Error(`unexpected input ${name}`);
  const stepOutputs: Record<string, Record<string, string>> = {};
  const evaluate = (text: string) =>
    text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expression);
      if (input?.[1] !== undefined) return inputValues[input[1]] ?? '';
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
      if (output?.[1] !== undefined && output[2] !== undefined) return stepOutputs[output[1]]?.[output[2]] ?? '';
      throw new Error(`expression not modelled: ${expression}`);
    });
  const scratch = mkdtempSync(join(tmpdir(), 'composite-action-'));
  const streams: string[] = [];
  let status = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.shell !== 'bash' || step.run === undefined) throw new Error('only `run` steps with `shell: bash` are modelled');
    const script = join(scratch, `step-${index}.sh`);
    const outputFile = join(scratch, `output-${index}`);
    writeFileSync(script, evaluate(step.run));
    writeFileSync(outputFile, '');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, evaluate(String(value))]));
    const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...environment, ...env, GITHUB_ACTION_PATH: actionPath, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, CI: 'true' },
    });
    // Each stream read on its own: a command-like line on standard error counts even if standard output stopped commands.
    streams.push(run.stdout, run.stderr);
    if (step.id !== undefined) stepOutputs[step.id] = readOutputFile(readFileSync(outputFile, 'utf8'));
    if (run.status !== 0) {
      status = run.status ?? 1;
      break;
    }
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([name, output]) => [name, evaluate(output.value)]));
  // The runner reads lines as .NET does: CR, LF and CRLF all end one.
  const logs = streams.map((stream) => readLog(stream.split(/\r\n|\r|\n/).filter((line) => line !== '')));
  return { status, outputs, commands: logs.flatMap((log) => log.commands), text: logs.flatMap((log) => log.text) };
}
