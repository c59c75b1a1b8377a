// One compose conversion off the extension host's thread: it reads the files the compose file
// names (synchronously, each bounded) and compiles the compose schema.
import { parentPort, workerData } from 'worker_threads';
import { composeToKube, type ComposeRequest } from './compose';

parentPort!.postMessage(composeToKube(workerData as ComposeRequest));
