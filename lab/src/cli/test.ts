import { spawn } from 'node:child_process';
import { glob } from 'node:fs/promises';
import pg from 'pg';
import { migrate } from '@harborhook/shared/db/migrate';
import { createLogger } from '@harborhook/shared/logger';
import { createPool } from '@harborhook/shared/db/pool';
import { Postgres } from '../env/postgres.ts';
import { REPO_ROOT } from '../env/binaries.ts';
import { TEST_ENV } from '../testing/shared-postgres.ts';

/**
 * `npm test`: starts one throw-away Postgres, migrates a template database, and runs every test
 * file with node's test runner, whose summary ends the output. Arguments narrow the files.
 */
const TEMPLATE = 'harborhook_template';
const patterns = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : ['services/*/test/**/*.test.ts', 'lab/test/**/*.test.ts', 'load/test/**/*.test.ts',
    'chaos/test/**/*.test.ts', 'slo/test/**/*.test.ts'];

const files: string[] = [];
for (const pattern of patterns) {
  for await (const file of glob(pattern, { cwd: REPO_ROOT })) files.push(file);
}
files.sort();

const postgres = await Postgres.start({ durable: false });
let exitCode = 1;
try {
  const templateUrl = await postgres.createDatabase(TEMPLATE);
  const pool = createPool({ url: templateUrl, poolMax: 1, connectTimeoutMs: 5_000,
    statementTimeoutMs: 60_000 }, createLogger('test', { level: 'warn' }), 'harborhook-test');
  await migrate(pool);
  await pool.end();
  // A template must have no open connections when it is cloned.
  await new pg.Client({ connectionString: templateUrl }).connect().then((c) => c.end());

  exitCode = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-timeout=180000', ...files], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        [TEST_ENV.adminUrl]: postgres.url('postgres'),
        [TEST_ENV.template]: TEMPLATE,
      },
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
} finally {
  await postgres.stop();
}
process.exit(exitCode);
