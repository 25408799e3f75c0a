import { join, relative } from 'node:path';
import { parseCliArgs } from './cli-args.ts';
import { REPO_ROOT } from '../env/binaries.ts';
import { makeDevCertificates } from '../tls/dev-certificates.ts';

/**
 * `bin/harborhook certs [--state-dir DIR] [--new-ca] [--days N]` makes a development CA and the
 * server and client certificates of every component, in DIR/certs.
 */
const USAGE = `
Usage: bin/harborhook certs [--state-dir DIR] [--new-ca] [--days N]

Makes a development CA and, signed by it, server certificates for the api, Postgres and nsqd
(valid for 127.0.0.1, ::1 and localhost) and client certificates for the api, relay, worker
(CN harborhook, the database user, as Postgres's clientcert=verify-full demands) and an
operator (for harborctl or curl). Files go to DIR/certs; private keys are 0600 and never leave
it. Run again to reissue every certificate under the same CA.

  --state-dir DIR   the dev command's state directory (default .harborhook/dev)
  --new-ca          make a new CA too (every component must then trust the new ca.crt)
  --days N          validity of the issued certificates, 1 to 825 (default 90)
`;
const values = parseCliArgs(USAGE, {
  'state-dir': { type: 'string', default: join(REPO_ROOT, '.harborhook', 'dev') },
  'new-ca': { type: 'boolean' },
  days: { type: 'string', default: '90' },
});

const days = Number(values.string('days'));
if (!Number.isInteger(days) || days < 1 || days > 825) {
  console.error('--days must be a whole number from 1 to 825');
  process.exit(2);
}
const dir = join(values.string('state-dir'), 'certs');
const certs = await makeDevCertificates(dir, { newCa: values.flag('new-ca'), days })
  .catch((err: Error) => {
    console.error(`could not make the certificates: ${err.message}`);
    process.exit(1);
  });

// Paths under the current directory are shown relative; others in full.
const shown = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
};
const rows: [string, string][] = [
  ['CA (every component trusts it)', certs.caFile],
  ...(['api', 'postgres', 'nsqd'] as const).map((name): [string, string] =>
    [`${name} server`, certs.servers[name].certFile]),
  ...(['api', 'relay', 'worker', 'operator'] as const).map((name): [string, string] =>
    [`${name} client`, certs.clients[name].certFile]),
];
process.stdout.write([
  `Certificates in ${shown(certs.dir)}, each key beside its .crt as .key (0600):`,
  ...rows.map(([role, file]) => `  ${role.padEnd(31)} ${shown(file)}`),
  '',
  'Which variable takes which file: docs/configuration.md, "Transport security".',
  '',
].join('\n'));
