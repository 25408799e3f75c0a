import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

/**
 * `bin/harborhook receiver [--port 9000] [--secret whsec_…] [--status 200]`: a webhook receiver
 * for trying Harborhook out. It prints each delivery's id, attempt and body, and with --secret
 * checks the signature with the Standard Webhooks library. Listens on 127.0.0.1 only.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9000' },
    secret: { type: 'string' },
    status: { type: 'string', default: '200' },
  },
});
const status = Number(values.status);
const verifier = values.secret === undefined ? undefined : new Webhook(values.secret);

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

server.listen(Number(values.port), '127.0.0.1', () => {
  console.log(`receiver listening on http://127.0.0.1:${values.port}/ (answers ${status})`);
});
