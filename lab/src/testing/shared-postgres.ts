import pg from 'pg';
import { randomBytes } from 'node:crypto';

/**
 * Tests share one Postgres server that the test command starts; each test gets its own database
 * cloned from a migrated template, so tests never see each other's rows and need no cleanup.
 */
const ADMIN_URL_VARIABLE = 'HARBORHOOK_TEST_ADMIN_URL';
const TEMPLATE_VARIABLE = 'HARBORHOOK_TEST_TEMPLATE_DB';

export const TEST_ENV = { adminUrl: ADMIN_URL_VARIABLE, template: TEMPLATE_VARIABLE } as const;

/** A fresh, migrated database for one test; returns its connection URL. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = process.env[ADMIN_URL_VARIABLE];
  const template = process.env[TEMPLATE_VARIABLE];
  if (adminUrl === undefined || template === undefined) {
    throw new Error(`${ADMIN_URL_VARIABLE} is not set: run the tests with "npm test", which `
      + 'starts the Postgres server they share');
  }
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
