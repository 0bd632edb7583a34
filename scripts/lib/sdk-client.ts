// Points the real wx-server-sdk of this process at a twin (scripts and tests act as a trusted server).
// The SDK reads its endpoint and credentials from the environment, exactly as inside a cloud function.
import * as cloud from 'wx-server-sdk';

export function connectSdk(twinUrl: string, env = 'local-env'): typeof cloud {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${twinUrl.replace(/\/$/, '')}/admin` });
  process.env.TENCENTCLOUD = 'true';
  process.env.TENCENTCLOUD_SECRETID ??= 'local-secret-id';
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local-secret-key';
  process.env.TCB_ENV = env;
  process.env.SCF_NAMESPACE = env;
  cloud.init({ env });
  return cloud;
}
