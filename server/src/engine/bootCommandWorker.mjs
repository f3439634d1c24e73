// Boots the command worker thread: TypeScript sources run through tsx's loader.
import { workerData } from 'node:worker_threads';

if (!workerData.compiled) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
