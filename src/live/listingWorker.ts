// Runs in a worker thread of the extension host: joins podman's pod and container listings, so
// tens of megabytes of JSON (thousands of containers, labels and all) are parsed off the thread
// that draws the editor. Answers with the pods as the view needs them, not podman's JSON.
import { parentPort } from 'worker_threads';
import { parseListing } from './state';

parentPort!.on('message', (job: { id: number; pods: string; containers: string[] }) => {
  try {
    parentPort!.postMessage({ id: job.id, listing: parseListing(job.pods, job.containers) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
