import { access, cp, chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../env/binaries.ts';
import { runCommand } from './docker-command.ts';
import { NSQ_VERSION, TOXIPROXY_VERSION } from './image-tags.ts';

/**
 * nsqd and toxiproxy-server built with CGO_ENABLED=0, so that a `FROM scratch` image can run
 * them: the builds in .tools/bin use cgo's resolver and need glibc's loader. Cached in
 * .tools/static-bin and built only when missing (about a minute each on 2 cores, cold).
 */
export const STATIC_BIN_DIR = join(REPO_ROOT, '.tools', 'static-bin');

const GO_ENV = { ...process.env, CGO_ENABLED: '0' };

export async function staticNsqd(): Promise<string> {
  const target = join(STATIC_BIN_DIR, `nsqd-${NSQ_VERSION}`);
  if (await exists(target)) return target;
  await requireGo();
  // `go install` refuses this module (its go.mod has a replace directive): build a copy.
  const listing = JSON.parse(await runCommand('go',
    ['mod', 'download', '-json', `github.com/nsqio/nsq@v${NSQ_VERSION}`],
    { cwd: tmpdir(), env: GO_ENV })) as { Dir?: string };
  if (listing.Dir === undefined) throw new Error('go mod download printed no Dir');
  const work = await mkdtemp(join(tmpdir(), 'harborhook-nsq-src-'));
  try {
    await cp(listing.Dir, work, { recursive: true });
    await runCommand('chmod', ['-R', 'u+w', work]);
    await buildInto(target, (output) =>
      runCommand('go', ['build', '-o', output, './apps/nsqd'], { cwd: work, env: GO_ENV }));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return target;
}

export async function staticToxiproxyServer(): Promise<string> {
  const target = join(STATIC_BIN_DIR, `toxiproxy-server-${TOXIPROXY_VERSION}`);
  if (await exists(target)) return target;
  await requireGo();
  await buildInto(target, async (output) => {
    const gobin = await mkdtemp(join(tmpdir(), 'harborhook-toxiproxy-bin-'));
    try {
      await runCommand('go', ['install', '-ldflags',
        `-X github.com/Shopify/toxiproxy/v2.Version=${TOXIPROXY_VERSION}`,
        `github.com/Shopify/toxiproxy/v2/cmd/server@v${TOXIPROXY_VERSION}`],
      { cwd: tmpdir(), env: { ...GO_ENV, GOBIN: gobin } });
      await rename(join(gobin, 'server'), output);
    } finally {
      await rm(gobin, { recursive: true, force: true });
    }
  });
  return target;
}

/** Builds to a temporary name and renames, so a half-written binary is never taken as cached. */
async function buildInto(target: string, build: (output: string) => Promise<unknown>):
  Promise<void> {
  await mkdir(STATIC_BIN_DIR, { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  try {
    await build(partial);
    await chmod(partial, 0o755);
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
}

async function requireGo(): Promise<void> {
  await runCommand('go', ['version']).catch((err: unknown) => {
    throw new Error('building the static nsqd and toxiproxy-server needs Go on PATH',
      { cause: err });
  });
}

async function exists(path: string): Promise<boolean> {
  return await access(path).then(() => true, () => false);
}
