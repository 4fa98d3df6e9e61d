import { checkHealth } from './service-client';

/**
 * Whether the case service answers, as the status bar shows it: `none` with no service
 * configured, `checking` until the first answer or silence.
 */
export type ServiceReach = 'none' | 'checking' | 'answering' | 'unreachable';

/** While the service is silent it is asked this often, so waiting changes go soon after it is back. */
const askWhileSilentMs = 3_000;
/** While it answers, sync itself keeps the picture current; this only catches a quiet drop. */
const askWhileAnsweringMs = 10_000;

/**
 * Watches the case service: every sync reports whether it got an answer, and a health check runs
 * on a timer and whenever the browser says its network changed. The browser's own online flag is
 * only a hint: a service that stopped is unreachable on a perfectly good network.
 */
export class ServiceWatch {
  private reach: ServiceReach = 'none';
  private serviceUrl: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly onNetworkChange = () => void this.check();

  /** `onBack` runs when a silent service answers again. */
  constructor(
    private readonly fetchImpl: typeof fetch,
    private readonly onBack: () => void,
  ) {}

  /** Starts watching `serviceUrl` (or nothing), forgetting what was known of any other. */
  watch(serviceUrl: string | null): void {
    this.unwatch();
    this.serviceUrl = serviceUrl;
    this.set(serviceUrl ? 'checking' : 'none');
    if (!serviceUrl) return;
    window.addEventListener('online', this.onNetworkChange);
    window.addEventListener('offline', this.onNetworkChange);
    void this.check();
  }

  /** Stops every timer and listener. */
  unwatch(): void {
    clearTimeout(this.timer);
    window.removeEventListener('online', this.onNetworkChange);
    window.removeEventListener('offline', this.onNetworkChange);
    this.serviceUrl = null;
  }

  /** What a sync learnt: that the service answered (whatever it said), or that it did not. */
  report(answered: boolean): void {
    if (!this.serviceUrl) return;
    const wasSilent = this.reach === 'unreachable';
    this.set(answered ? 'answering' : 'unreachable');
    this.schedule();
    if (wasSilent && answered) this.onBack();
  }

  /** For `useSyncExternalStore`. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For `useSyncExternalStore`. */
  getReach = (): ServiceReach => this.reach;

  private async check(): Promise<void> {
    const serviceUrl = this.serviceUrl;
    if (!serviceUrl) return;
    const health = await checkHealth(this.fetchImpl, serviceUrl);
    // A check that outlived a change of service says nothing about the new one.
    if (serviceUrl !== this.serviceUrl) return;
    // Anything but a Dispute Desk service's health answer (another program on the port) is no service.
    this.report(health.ok);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), this.reach === 'unreachable' ? askWhileSilentMs : askWhileAnsweringMs);
  }

  private set(next: ServiceReach): void {
    if (next === this.reach) return;
    this.reach = next;
    for (const listener of this.listeners) listener();
  }
}
