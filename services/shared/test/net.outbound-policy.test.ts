import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvReader } from '../src/config/env-reader.ts';
import { readOutboundAllowedNetworks } from '../src/config/outbound-networks.ts';
import { formatNetwork, parseNetwork, type IpNetwork } from '../src/net/ip-network.ts';
import { checkOutboundAddress, isLocalhostName } from '../src/net/outbound-policy.ts';

function networks(...texts: string[]): IpNetwork[] {
  return texts.map((text) => {
    const network = parseNetwork(text);
    assert.ok(network !== undefined, text);
    return network;
  });
}

test('without an allow-list only public addresses may be reached', () => {
  for (const address of ['8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
    assert.deepEqual(checkOutboundAddress(address, []), { allowed: true, addressClass: 'public' });
  }
  for (const address of ['127.0.0.1', '::1', '10.0.0.1', '::ffff:7f00:1', 'not-an-ip', '']) {
    assert.equal(checkOutboundAddress(address, []).allowed, false, address);
  }
});

test('an allowed network permits its addresses, also in IPv4-mapped form', () => {
  const loopback = networks('127.0.0.0/8', '::1/128');
  for (const address of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1', '::ffff:7f00:2']) {
    assert.deepEqual(checkOutboundAddress(address, loopback),
      { allowed: true, addressClass: 'loopback' }, address);
  }
  for (const address of ['10.0.0.1', '::2', 'fe80::1', '::127.0.0.1', '64:ff9b::7f00:1']) {
    assert.equal(checkOutboundAddress(address, loopback).allowed, false, address);
  }
  const ula = networks('fd00:1234::/32');
  assert.equal(checkOutboundAddress('fd00:1234:5::1', ula).allowed, true);
  assert.equal(checkOutboundAddress('fd00:1235::1', ula).allowed, false);
});

test('cloud metadata addresses stay refused even inside an allowed network', () => {
  const everything = networks('0.0.0.0/0', '::/0');
  for (const address of ['169.254.169.254', 'fd00:ec2::254', '::ffff:169.254.169.254']) {
    assert.deepEqual(checkOutboundAddress(address, everything),
      { allowed: false, addressClass: 'cloud_metadata' }, address);
  }
  assert.equal(checkOutboundAddress('169.254.1.1', everything).allowed, true);
});

test('the URL parser turns odd IPv4 spellings into addresses that are checked', () => {
  for (const url of ['http://2130706433/', 'http://0177.0.0.1/', 'http://127.1/',
    'http://0x7f.0.0.1/', 'http://0x7f000001/', 'http://127.0.0.1./', 'http://017700000001/',
    'http://[::ffff:127.0.0.1]/', 'http://[0:0:0:0:0:ffff:7f00:1]/']) {
    const hostname = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    assert.deepEqual(checkOutboundAddress(hostname, []),
      { allowed: false, addressClass: 'loopback' }, url);
  }
});

test('localhost and names under it are loopback names', () => {
  for (const name of ['localhost', 'LOCALHOST', 'localhost.', 'api.localhost']) {
    assert.equal(isLocalhostName(name), true, name);
  }
  for (const name of ['localhost.example', 'notlocalhost', 'example.com']) {
    assert.equal(isLocalhostName(name), false, name);
  }
});

test('CIDRs parse with host bits cleared; malformed ones do not', () => {
  assert.equal(formatNetwork(networks('10.1.2.3/8')[0]!), '10.0.0.0/8');
  assert.equal(formatNetwork(networks('::1')[0]!), '0:0:0:0:0:0:0:1/128');
  assert.equal(formatNetwork(networks('fd00:ec2::254/20')[0]!), 'fd00:0:0:0:0:0:0:0/20');
  for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/8/8', 'fe80::1%eth0/64',
    'localhost/8', '10.0.0.0/-1', '10.0.0.0/ 8']) {
    assert.equal(parseNetwork(bad), undefined, bad);
  }
});

test('OUTBOUND_ALLOWED_NETWORKS is empty by default and lists every bad entry', () => {
  assert.deepEqual(readOutboundAllowedNetworks(new EnvReader({})), []);
  const ok = new EnvReader({ OUTBOUND_ALLOWED_NETWORKS: ' 127.0.0.0/8 , ::1/128,' });
  assert.deepEqual(readOutboundAllowedNetworks(ok).map(formatNetwork),
    ['127.0.0.0/8', '0:0:0:0:0:0:0:1/128']);
  const bad = new EnvReader({ OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8,nope,10.0.0.0/40' });
  readOutboundAllowedNetworks(bad);
  assert.throws(() => bad.finish({}), (err: { details?: string[] }) =>
    err.details?.length === 2 && err.details.every((d) => d.includes('OUTBOUND_ALLOWED')));
});
