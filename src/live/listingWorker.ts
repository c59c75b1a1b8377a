// Runs in a worker thread of the extension host: joins podman's pod and container listings, so
// tens of megabytes of JSON (thousands of containers, labels and all) are parsed off the thread
// that draws the editor. Answers with the pods as the view needs them, not podman's JSON.
import { parentPort } from 'worker_threads';
import type { ListingJob, ListingReply } from './listingParser';
import { parseListing } from './state';

const reply = (m: ListingReply) => parentPort!.postMessage(m);

parentPort!.on('message', (job: ListingJob) => {
  try {
    reply({ id: job.id, listing: parseListing(job.pods, job.containers) });
  } catch (e) {
    reply({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
