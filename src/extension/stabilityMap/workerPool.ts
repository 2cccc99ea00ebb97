/**
 * Runs stability maps on worker threads: the grid's rows are split between the workers (one per core, at most
 * four), so a 40 × 20 map of 1,000-step runs takes a fraction of the time and none of the extension host's
 * event loop. Workers start on the first map and stay for the next; a map a newer one replaced is dropped when
 * its rows come back (a worker cannot be interrupted mid-row, and a row takes a few milliseconds).
 *
 * Where a worker cannot start (no bundle, no worker_threads), the map runs in time slices in the host instead.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MapCell } from '../../core/optim';
import { runStabilityMapHere, type StabilityMapJob, type StabilityMapRunner } from '../session/session';
import type { MapRowsReply, MapRowsRequest } from './workerProtocol';

export const MAX_MAP_WORKERS = 4;

interface Pending {
  worker: Worker;
  resolve(cells: readonly MapCell[]): void;
  reject(error: Error): void;
}

export class StabilityMapWorkers {
  private workers: Worker[] | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private broken = false;

  /**
   * @param scriptPath The worker bundle (dist/stabilityMapWorker.js).
   * @param count Workers to start (default: the cores available, at most MAX_MAP_WORKERS).
   */
  constructor(
    private readonly scriptPath: string,
    private readonly count = Math.max(1, Math.min(MAX_MAP_WORKERS, availableParallelism())),
  ) {}

  /** The runner a session uses: rows on the workers, or in slices here for a loss over data or if the workers are unavailable. */
  readonly runner: StabilityMapRunner = async (job) => {
    // A worker reads the formula from its source alone; a loss over data needs its document and data files, so
    // its map runs here (which says nothing about the workers).
    if (this.broken || job.formula.data !== null) return runStabilityMapHere(job);
    try {
      return await this.run(job);
    } catch (error) {
      console.warn('Gradient Descent Lab: the stability map runs in the extension host; its worker threads failed.', error);
      this.broken = true;
      this.dispose();
      return runStabilityMapHere(job);
    }
  };

  /**
   * Starts the workers ahead of a map (a panel switched to an optimizer that has one), so the first map does not
   * wait for them to load. Does nothing once they run, or when they could not.
   */
  warm(): void {
    if (this.broken || this.workers) return;
    try {
      this.start();
    } catch (error) {
      console.warn('Gradient Descent Lab: the stability map’s worker threads could not start; maps run in the extension host.', error);
      this.broken = true;
    }
  }

  /**
   * The cells of the whole map, row by row; null when the job was cancelled meanwhile. Rows are dealt to the
   * workers in turn (0, 2, 4, … and 1, 3, 5, …): neighbouring rows cost about the same, so the shares do too.
   */
  async run(job: StabilityMapJob): Promise<readonly MapCell[] | null> {
    const workers = this.start();
    const rowCount = job.axes.values.length;
    const parts = Math.min(workers.length, rowCount);
    const rowsOf = (part: number): number[] => Array.from({ length: rowCount }, (_, row) => row).filter((row) => row % parts === part);
    const results = await Promise.all(
      Array.from({ length: parts }, (_, part) =>
        this.request(workers[part]!, {
          id: ++this.nextId,
          formulaSource: job.formula.source,
          start: [...job.start],
          settings: job.settings,
          stability: job.stability,
          axes: job.axes,
          rows: rowsOf(part),
        }),
      ),
    );
    if (job.isCancelled()) return null;
    const columns = job.axes.learningRates.length;
    const cells: MapCell[] = new Array(rowCount * columns);
    results.forEach((part, index) => {
      rowsOf(index).forEach((row, k) => {
        for (let column = 0; column < columns; column++) cells[row * columns + column] = part[k * columns + column]!;
      });
    });
    return cells;
  }

  dispose(): void {
    for (const worker of this.workers ?? []) void worker.terminate();
    this.workers = undefined;
    for (const pending of this.pending.values()) pending.reject(new Error('The stability map workers stopped.'));
    this.pending.clear();
  }

  private start(): Worker[] {
    if (this.workers) return this.workers;
    this.workers = Array.from({ length: this.count }, () => {
      const worker = new Worker(this.scriptPath);
      worker.on('message', (reply: MapRowsReply) => this.receive(reply));
      worker.on('error', (error) => this.fail(error));
      // An idle worker must not keep a process (a test, the bench) alive; a busy one must, until it answers.
      worker.unref();
      return worker;
    });
    return this.workers;
  }

  private request(worker: Worker, request: MapRowsRequest): Promise<readonly MapCell[]> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { worker, resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
  }

  private receive(reply: MapRowsReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (![...this.pending.values()].some((other) => other.worker === pending.worker)) pending.worker.unref();
    if (reply.ok) pending.resolve(reply.cells);
    else pending.reject(new Error(reply.message));
  }

  private fail(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
