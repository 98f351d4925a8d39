/**
 * The Vertical Pod Autoscaler's in-cluster loops as one component (`vpa`): the recommender and the updater, each on
 * its one-minute interval. The timers only queue the passes, so stopping the component (a fault) stops the work;
 * the admission controller is the separate `vpaAdmission(store)` plugin the API server runs on pod creation.
 */
import { Controller } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import type { MetricsClient } from '../../metrics/types.js';
import { DEFAULT_RECOMMENDER_OPTIONS, type RecommenderOptions } from './estimator.js';
import { RECOMMENDER_INTERVAL_MS, VpaRecommender } from './recommender.js';
import { DEFAULT_UPDATER_OPTIONS, UPDATER_INTERVAL_MS, type UpdaterOptions, type UpdaterPass, VpaUpdater } from './updater.js';

const RECOMMEND = 'recommender';
const UPDATE = 'updater';

/** Intervals and flags; defaults are upstream's. */
export interface VpaControllerOptions {
  recommenderIntervalMs?: number;
  updaterIntervalMs?: number;
  recommender?: Partial<RecommenderOptions>;
  updater?: Partial<UpdaterOptions>;
}

/** VerticalPodAutoscalerController: recommender + updater, registered with `engine.register(c)`. */
export class VerticalPodAutoscalerController extends Controller {
  readonly recommender: VpaRecommender;
  readonly updater: VpaUpdater;
  /** What the last updater pass evicted or was refused (UI, drills). */
  lastUpdate: UpdaterPass = { evicted: [], refused: [] };

  constructor(engine: Engine, metrics: MetricsClient, opts: VpaControllerOptions = {}) {
    super('vpa', engine);
    this.recommender = new VpaRecommender(engine.store, metrics, { ...DEFAULT_RECOMMENDER_OPTIONS, ...opts.recommender });
    this.updater = new VpaUpdater(engine.store, engine.events, { ...DEFAULT_UPDATER_OPTIONS, ...opts.updater });
    engine.every(opts.recommenderIntervalMs ?? RECOMMENDER_INTERVAL_MS, () => this.queue.add(RECOMMEND), 'vpa:recommender');
    engine.every(opts.updaterIntervalMs ?? UPDATER_INTERVAL_MS, () => this.queue.add(UPDATE), 'vpa:updater');
  }

  protected reconcile(key: string): void {
    if (key === RECOMMEND) this.recommender.runOnce();
    else if (key === UPDATE) this.lastUpdate = this.updater.runOnce();
  }
}
