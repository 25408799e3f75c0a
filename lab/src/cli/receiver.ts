import { createServer } from 'node:http';
import { parseCliArgs } from './cli-args.ts';
import { Webhook } from 'standardwebhooks';

/**
 * `bin/harborhook receiver [--port 9000] [--secret whsec_…] [--status 200]`: a webhook receiver
 * for trying Harborhook out. It prints each delivery's id, attempt and body, and with --secret
 * checks the signature with the Standard Webhooks library. Listens on 127.0.0.1 only.
 */
const USAGE = `
Usage: bin/harborhook receiver [--port N] [--secret whsec_...] [--status CODE]

A webhook receiver on 127.0.0.1 for trying Harborhook out: prints each delivery's id, attempt
and body.

  --port N          port to listen on (default 9000)
  --secret S        the endpoint's signing secret: check every signature with it
  --status CODE     status to answer with (default 200; e.g. 500 to see retries, 410 to see a
                    delivery go dead at once)
`;
const values = parseCliArgs(USAGE, {
  port: { type: 'string', default: '9000' },
  secret: { type: 'string' },
  status: { type: 'string', default: '200' },
});
const port = Number(values.string('port'));
const status = Number(values.string('status'));
for (const [problem, bad] of [
  [`--port must be a port number from 0 to 65535, got "${values.string('port')}"`,
    !Number.isInteger(port) || port < 0 || port > 65_535],
  [`--status must be an HTTP status from 200 to 599, got "${values.string('status')}"`,
    !Number.isInteger(status) || status < 200 || status > 599],
] as const) {
  if (bad) {
    process.stderr.write(`${problem}\n\n${USAGE.trim()}\n`);
    process.exit(2);
  }
}
const secret = values.optional('secret');
const verifier = secret === undefined ? undefined : new Webhook(secret);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const header = (name: string): string => String(req.headers[name] ?? '');
    let verdict = 'signature not checked (start with --secret to check it)';
    if (verifier !== undefined) {
      try {
        verifier.verify(body, {
          'webhook-id': header('webhook-id'),
          'webhook-timestamp': header('webhook-timestamp'),
          'webhook-signature': header('webhook-signature'),
        });
        verdict = 'signature valid';
      } catch (err) {
        verdict = `signature INVALID: ${(err as Error).message}`;
      }
    }
    console.log(`${new Date().toISOString()} ${req.method} ${req.url}  `
      + `webhook-id=${header('webhook-id')} attempt=${header('harborhook-attempt')}  ${verdict}`);
    console.log(`  ${body}`);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(`${status}\n`);
  });
});

// A port in use (another receiver still running, say) is a plain message, not a stack trace.
server.on('error', (err: NodeJS.ErrnoException) => {
  const why = err.code === 'EADDRINUSE' ? 'the port is in use (another receiver? try --port)'
    : err.message;
  process.stderr.write(`receiver: cannot listen on 127.0.0.1:${port}: ${why}\n`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null
    ? address.port : port}/`;
  console.log(`receiver listening on ${url} (answers ${status})`);
});
