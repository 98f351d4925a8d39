/**
 * The Sim facade: builds a running simulated cluster from a Cluster definition plus manifests, and is what the
 * surfaces (CLI, UI, drills, HTTP API) hold. Components meet in the store; this file only wires them.
 */
import type { Pod } from '../api/core.js';
import { ApiError, isApiError } from '../api/errors.js';
import type { Cluster } from '../api/kubedrill-kinds.js';
import type { LoadedObject, ManifestDiagnostic } from '../api/manifest.js';
import { type Component, Engine } from '../engine/engine.js';
import { KubeletPool } from '../kubelet/kubelet-pool.js';
import type { ProfileCatalog } from '../kubelet/profiles.js';
import { Scheduler, type SchedulingRecord } from '../scheduler/scheduler.js';
import { ServiceIPAllocator } from '../controllers/service-ip.js';
import { limitRangerAdmission } from '../store/limitrange-admission.js';
import { resourceQuotaAdmission } from '../store/quota-admission.js';
import { ClusterAutoscaler } from '../autoscaling/cluster-autoscaler/cluster-autoscaler.js';
import type { ClusterAutoscalerOptions } from '../autoscaling/cluster-autoscaler/options.js';
import { CostMeter } from '../autoscaling/cost.js';
import { HorizontalPodAutoscalerController } from '../autoscaling/hpa/hpa-controller.js';
import { VerticalPodAutoscalerController, vpaAdmission } from '../autoscaling/vpa/index.js';
import { MetricsServer } from '../metrics/metrics-server.js';
import { FaultManager } from '../chaos/fault-manager.js';
import { TrafficController } from '../traffic/traffic-controller.js';
import { applyObject } from './actions/apply.js';
import { ApiServerAvailability } from './api-server.js';
import { addonObjects } from './addons.js';
import { applyOrder, bootstrapObjects } from './bootstrap.js';
import { registerControllers } from './controller-manager.js';
import { DEFAULT_KUBERNETES_VERSION, planNodes } from './nodes.js';

/** Add-ons built by the Simulation itself that a test component of the same name replaces. */
const ADDON_NAMES = ['horizontal-pod-autoscaler', 'vpa'];

export interface SimulationOptions {
  cluster: Cluster;
  catalog: ProfileCatalog;
  /** Overrides the Cluster's spec.seed. */
  seed?: number;
  /** Freeze stored objects (tests: catches components mutating shared objects). */
  freeze?: boolean;
  /** Cluster Autoscaler flags (upstream defaults otherwise: 10 s scan, least-waste, 10 min unneeded time, …). */
  autoscaler?: Partial<ClusterAutoscalerOptions>;
  /** Extra components: one named like a built-in controller replaces it; others are registered last (tests). */
  components?: (engine: Engine) => Component[];
}

/** Outcome of applying one manifest object. */
export interface ApplyOutcome {
  object: string;
  action: 'created' | 'configured' | 'unchanged' | 'error';
  diagnostic?: ManifestDiagnostic;
}

export class Simulation {
  readonly engine: Engine;
  readonly kubelets: KubeletPool;
  readonly scheduler: Scheduler;
  /** Per-Service request rates (annotation `sim.kubedrill.io/traffic` or live), split over ready endpoints; SLIs. */
  readonly traffic: TrafficController;
  /** metrics-server: PodMetrics/NodeMetrics, custom metrics from providers, and the time series the UI draws. */
  readonly metrics: MetricsServer;
  /** The HPA and VPA controllers (or the test components that replaced them). */
  readonly hpa: Component;
  readonly vpa: Component;
  /** The Cluster Autoscaler over the node pools with `autoscaling.enabled`, and what the nodes cost. */
  readonly autoscaler: ClusterAutoscaler;
  readonly cost: CostMeter;
  /** Whether clients reach the API server (the api-server-down / -slow faults flip it). */
  readonly apiServer = new ApiServerAvailability();
  /** Fault injection: the catalogue, active faults, stop-all. */
  readonly faults: FaultManager;
  readonly cluster: Cluster;
  readonly kubernetesVersion: string;

  constructor(opts: SimulationOptions) {
    this.cluster = opts.cluster;
    const spec = opts.cluster.spec;
    this.kubernetesVersion = spec.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const nodes = planNodes(opts.cluster);
    this.engine = new Engine({ seed: opts.seed ?? spec.seed ?? 1, freeze: opts.freeze });
    for (const obj of bootstrapObjects()) this.engine.store.create(obj);
    // The API server's admission chain beyond defaulting/validation: ClusterIP/NodePort allocation, LimitRanger, the
    // VPA's admission webhook (before quota, so quota counts the requests it sets), quota (last).
    const ips = new ServiceIPAllocator(this.engine.random, { serviceCIDR: spec.controlPlane?.serviceCIDR });
    ips.observe(this.engine.store.select('Service'));
    this.engine.store.admission.push(limitRangerAdmission(), ips.admission, vpaAdmission(this.engine.store), resourceQuotaAdmission());
    // What kubeadm installs: CoreDNS and kube-proxy.
    for (const obj of addonObjects({ kubernetesVersion: this.kubernetesVersion, serviceCIDR: spec.controlPlane?.serviceCIDR, podCIDR: spec.controlPlane?.podCIDR })) {
      this.engine.store.create(obj);
    }
    // Registration order is the drain order: controllers create pods, the scheduler places them, kubelets run them.
    // Test components named like an add-on below (e.g. an HPA on fake metrics) take its place; the rest go to the controller manager.
    const extra = opts.components?.(this.engine) ?? [];
    const replacement = (name: string) => extra.find((c) => c.name === name);
    registerControllers(this.engine, opts.cluster, extra.filter((c) => !ADDON_NAMES.includes(c.name)));
    this.scheduler = new Scheduler(this.engine, { scoringStrategy: spec.controlPlane?.scoringStrategy });
    this.engine.register(this.scheduler);
    this.kubelets = new KubeletPool(this.engine, { catalog: opts.catalog, kubeletVersion: this.kubernetesVersion });
    this.engine.register(this.kubelets);
    // Add-ons that read what the kubelets report: metrics-server, then the autoscalers that consume its metrics.
    this.traffic = new TrafficController(this.engine, this.kubelets);
    this.engine.register(this.traffic);
    this.metrics = new MetricsServer(this.engine, this.kubelets);
    // Requests per second per pod and per Service, as a Prometheus adapter would serve them to the HPA.
    this.metrics.addProvider(this.traffic.metricsProvider());
    this.engine.register(this.metrics);
    this.hpa = replacement('horizontal-pod-autoscaler') ?? new HorizontalPodAutoscalerController(this.engine, this.metrics);
    this.engine.register(this.hpa);
    this.vpa = replacement('vpa') ?? new VerticalPodAutoscalerController(this.engine, this.metrics);
    this.engine.register(this.vpa);
    this.cost = new CostMeter(this.engine, opts.cluster);
    this.engine.register(this.cost);
    for (const { node } of nodes) this.kubelets.addNode(node);
    this.autoscaler = new ClusterAutoscaler(this.engine, { cluster: opts.cluster, kubelets: this.kubelets, scheduler: this.scheduler, ...opts.autoscaler });
    this.engine.register(this.autoscaler);
    this.faults = new FaultManager(this);
    this.engine.register(this.faults);
    this.engine.settle();
  }

  get store() {
    return this.engine.store;
  }

  now(): number {
    return this.engine.now();
  }

  /** Move virtual time forward. */
  advance(ms: number): void {
    this.engine.advance(ms);
  }

  /**
   * Create (or, for an existing object, update) manifest objects, in dependency order, as `kubectl apply` would.
   * Every failure comes back as a diagnostic with file and line; nothing already in the simulation is lost.
   */
  apply(objects: readonly LoadedObject[]): ApplyOutcome[] {
    const ordered = objects.map((o, i) => ({ o, i })).sort((a, b) => applyOrder(a.o.object.kind) - applyOrder(b.o.object.kind) || a.i - b.i);
    const out: ApplyOutcome[] = [];
    for (const { o } of ordered) out.push(this.applyOne(o));
    this.engine.settle();
    return out;
  }

  private applyOne({ object, source }: LoadedObject): ApplyOutcome {
    const label = `${object.kind}/${object.metadata?.name ?? '?'}`;
    try {
      const line = applyObject(this, object);
      return { object: label, action: line.endsWith(' created') ? 'created' : line.endsWith(' unchanged') ? 'unchanged' : 'configured' };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return { object: label, action: 'error', diagnostic: { severity: 'error', file: source.file, line: source.line, message: err.message, object: label } };
    }
  }

  /** The scheduler's last attempt for a pod: per-node, per-plugin verdicts and scores ("why Pending"). */
  schedulingRecord(pod: Pod): SchedulingRecord | undefined {
    return pod.metadata.uid ? this.scheduler.record(pod.metadata.uid) : undefined;
  }

  /** Stop or start a simulated component (`scheduler`, `kubelet`, `garbage-collector`, …): faults use this. */
  setComponentRunning(name: string, running: boolean): void {
    try {
      this.engine.setRunning(name, running);
    } catch (err) {
      throw isApiError(err) ? err : new Error(`no simulated component named "${name}"; known: ${this.engine.componentNames().join(', ')}`);
    }
  }
}
