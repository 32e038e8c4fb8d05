import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs a TypeScript script in a child Node process with extra environment variables, and
 * resolves to what it printed on stdout. For behaviour that depends on process-wide state jest
 * cannot change in its own process, such as the time zone: jest gives each test file a copy of
 * `process.env`, so setting `process.env.TZ` in a test never reaches the clock.
 *
 * @example const out = await runScript(join(__dirname, 'fixtures/dates.ts'), { TZ: 'Asia/Tokyo' });
 */
export async function runScript(script: string, env: Record<string, string>): Promise<string> {
  return (await runScriptOutput(script, env)).stdout;
}

/** runScript, resolving to both of the script's output streams. */
export function runScriptOutput(
  script: string,
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', join(__dirname, 'ts-register.js'), script],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${script} failed: ${error.message}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}
