// Node 18 (Debian 12's nodejs) has WebCrypto only as node:crypto's webcrypto, not as the global crypto that
// oauth4webapi and jose call; Node 20 has both. Imported before them, so that either runs the client.
import { webcrypto } from 'node:crypto';

globalThis.crypto ??= webcrypto;
