import { after, before } from 'node:test';
import { Nsqd } from '@harborhook/lab/env/nsqd';

/** Starts one real nsqd for the calling test file and removes it when the file is done. */
export function nsqdForThisFile(): () => Nsqd {
  let nsqd: Nsqd | undefined;
  before(async () => { nsqd = await Nsqd.start(); });
  after(async () => { await nsqd?.close(); });
  return () => {
    if (nsqd === undefined) throw new Error('nsqd has not started');
    return nsqd;
  };
}
