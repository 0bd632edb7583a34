// The one place cloud functions touch wx-server-sdk's initialisation. On CloudBase the SDK finds its
// environment itself; locally the twin sets the same environment variables, so nothing here differs.
import * as cloud from 'wx-server-sdk';

let initialised = false;

export function sdk(): typeof cloud {
  if (!initialised) {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

export type Database = ReturnType<typeof cloud.database>;

/** wx-server-sdk's `throwOnNotFound` (untyped): a missing document reads as `data: null`, also inside
 *  transactions, instead of rejecting with a bare string. */
const DATABASE_CONFIG: { env?: string; throwOnNotFound: boolean } = { throwOnNotFound: false };

export function database(): Database {
  return sdk().database(DATABASE_CONFIG);
}
