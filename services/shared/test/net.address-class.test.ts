import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAddress, type AddressClass } from '../src/net/address-class.ts';
import { parseIp } from '../src/net/ip-address.ts';

/** Every range the SSRF guard knows, at its edges, in both families and the wrapped forms. */
const CASES: readonly (readonly [string, AddressClass])[] = [
  ['0.0.0.0', 'unspecified'], ['0.255.255.255', 'unspecified'], ['::', 'unspecified'],
  ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'], ['::1', 'loopback'],
  ['10.0.0.0', 'private'], ['10.255.255.255', 'private'], ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'], ['192.168.0.1', 'private'], ['192.168.255.255', 'private'],
  ['fc00::1', 'private'], ['fd12:3456::1', 'private'], ['fec0::1', 'private'],
  ['169.254.0.1', 'link_local'], ['169.254.255.255', 'link_local'], ['fe80::1', 'link_local'],
  ['febf::1', 'link_local'], ['fe80::1%eth0', 'link_local'],
  ['100.64.0.0', 'carrier_grade_nat'], ['100.127.255.255', 'carrier_grade_nat'],
  ['224.0.0.1', 'multicast'], ['239.255.255.255', 'multicast'], ['ff02::1', 'multicast'],
  ['ff0e::101', 'multicast'], ['255.255.255.255', 'broadcast'],
  ['169.254.169.254', 'cloud_metadata'], ['169.254.170.2', 'cloud_metadata'],
  ['100.100.100.200', 'cloud_metadata'], ['168.63.129.16', 'cloud_metadata'],
  ['fd00:ec2::254', 'cloud_metadata'],
  ['198.18.0.1', 'benchmarking'], ['198.19.255.255', 'benchmarking'],
  ['2001:2::1', 'benchmarking'],
  ['192.0.2.1', 'documentation'], ['198.51.100.1', 'documentation'],
  ['203.0.113.255', 'documentation'], ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['192.0.0.8', 'reserved'], ['192.88.99.1', 'reserved'], ['240.0.0.1', 'reserved'],
  ['254.255.255.255', 'reserved'], ['100::1', 'reserved'], ['2001::1', 'reserved'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], ['5f00::1', 'reserved'],
  ['64:ff9b:1::a00:1', 'reserved'], ['4000::1', 'reserved'], ['1::1', 'reserved'],
  // IPv4-mapped: the IPv4 address inside decides, in either spelling.
  ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'],
  ['::ffff:10.1.2.3', 'private'], ['::ffff:a9fe:a9fe', 'cloud_metadata'],
  ['::ffff:0.0.0.0', 'unspecified'], ['::ffff:8.8.8.8', 'public'],
  // IPv4-compatible (deprecated): refused whatever the IPv4 address.
  ['::127.0.0.1', 'reserved'], ['::7f00:1', 'reserved'], ['::8.8.8.8', 'reserved'],
  // NAT64 and 6to4 carry an IPv4 address that the packets reach.
  ['64:ff9b::127.0.0.1', 'loopback'], ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'cloud_metadata'], ['64:ff9b::c0a8:101', 'private'],
  ['64:ff9b::808:808', 'public'], ['2002:7f00:1::1', 'loopback'],
  ['2002:a00:1::', 'private'], ['2002:808:808::1', 'public'],
  ['8.8.8.8', 'public'], ['1.1.1.1', 'public'], ['100.63.255.255', 'public'],
  ['100.128.0.0', 'public'], ['172.15.255.255', 'public'], ['172.32.0.0', 'public'],
  ['169.253.255.255', 'public'], ['198.17.255.255', 'public'], ['223.255.255.255', 'public'],
  ['2606:4700:4700::1111', 'public'], ['2a00:1450:4001::200e', 'public'],
];

test('every address is classified into its range', () => {
  for (const [text, expected] of CASES) {
    const address = parseIp(text);
    assert.ok(address !== undefined, `${text} parses`);
    assert.equal(classifyAddress(address), expected, text);
  }
});

test('only plain IP literals parse; other IPv4 spellings are left to the URL parser', () => {
  for (const text of ['2130706433', '0177.0.0.1', '127.1', '0x7f.0.0.1', '[::1]', 'localhost',
    '', '1.2.3.4.5', '256.0.0.1', '::ffff:127.0.0.1.1', '1:2:3:4:5:6:7:8:9']) {
    assert.equal(parseIp(text), undefined, text);
  }
  assert.deepEqual(parseIp('::ffff:127.0.0.1')?.bytes,
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]);
  assert.deepEqual(parseIp('1:2::8')?.bytes,
    [0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8]);
});
