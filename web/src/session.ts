// Token storage and the live connection: snapshot, hub, Changes batches, Sync on reconnect and on gap,
// exactly as docs/protocol.md "A client's loop" describes. The group's `Changes` batches move the version; the
// person's own entries come apart from them (an `Own` message, or the `changes` of an own call's answer), are
// applied at once without moving it, and may arrive before or after the batch of their version (./state.ts).

import {
  HubConnection,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type RetryContext,
} from '@microsoft/signalr';
import { ApiError, getJson, hubError } from './api';
import { ServerClock } from './clock';
import { t } from './i18n';
import { EventState } from './state';
import { hubCall, type HubArgs, type HubChange, type HubMethod, type HubResult } from './hub';
import type { Change, ChangeBatch, Snapshot } from './types';

export type PageKey = 'participant' | 'stakeholder' | 'projector' | 'facilitator' | 'moderator';

// ---------------------------------------------------------------- tokens

export function tokenKey(page: PageKey): string {
  return `shub.token.${page}`;
}

export function storedToken(page: PageKey): string | null {
  try {
    return localStorage.getItem(tokenKey(page));
  } catch {
    return null; // storage disabled (private mode on some browsers)
  }
}

export function storeToken(page: PageKey, token: string): void {
  try {
    localStorage.setItem(tokenKey(page), token);
  } catch {
    // Without storage the page still works until it is closed.
  }
}

export function clearToken(page: PageKey): void {
  try {
    localStorage.removeItem(tokenKey(page));
  } catch {
    // nothing to clear
  }
}

/** Reads `token=` out of a `#token=…` fragment (not URLSearchParams: it would turn `+` into a space). */
export function tokenFromHash(hash: string): string | null {
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === 'token') {
      try {
        const value = decodeURIComponent(part.slice(eq + 1)).trim();
        return value || null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * The page's token: a `#token=…` in the address (which then wins and is stored, and is removed from the
 * address bar and history) or the one stored for this page.
 */
export function takeToken(page: PageKey): string | null {
  const fromHash = tokenFromHash(location.hash);
  if (fromHash) {
    storeToken(page, fromHash);
    history.replaceState(history.state, '', location.pathname + location.search);
    return fromHash;
  }
  return storedToken(page);
}

// ---------------------------------------------------------------- the live session

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';
export type StateReason = 'snapshot' | 'changes';

export interface SessionHandlers {
  /** The state changed (first load, a batch, the person's own entries, or a snapshot that replaced it). */
  onState(reason: StateReason): void;
  onStatus?(status: ConnectionStatus): void;
  /** The token was refused (401): the link is not valid. The session stops. */
  onInvalid(): void;
}

/** Backoff for every retry loop: 0.5 s, 1 s, 2 s, 4 s, then 5 s, each with jitter so a room of phones does not
 * come back in the same millisecond after a server restart. */
export function backoff(attempt: number): number {
  const base = Math.min(5000, 500 * 2 ** Math.min(attempt, 4));
  return Math.round(base * (0.6 + Math.random() * 0.4));
}

/** Callbacks that end a retry wait early (the browser said it is back online). */
const wakers = new Set<() => void>();

/** Waits ms, or less if `wakeUp` is called meanwhile. */
function nap(ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      window.clearTimeout(timer);
      wakers.delete(done);
      resolve();
    };
    const timer = window.setTimeout(done, ms);
    wakers.add(done);
  });
}

function wakeUp(): void {
  for (const waker of [...wakers]) waker();
}

/** The person's own entries an answer carries (an `Ack`'s `changes`); none for any other answer. */
export function ownChanges(answer: unknown): Change[] {
  if (typeof answer !== 'object' || answer === null || !('changes' in answer)) return [];
  const changes = answer.changes;
  return Array.isArray(changes) ? (changes as Change[]) : [];
}

function looksUnauthorized(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error ?? '');
  return /\b401\b/.test(message) || /unauthori[sz]ed/i.test(message);
}

export class LiveSession {
  readonly state = new EventState();
  readonly clock = new ServerClock();
  status: ConnectionStatus = 'connecting';

  private connection: HubConnection | null = null;
  private stopped = false;
  private syncing = false;
  private syncAgain = false;
  private waiters: { version: number; resolve: () => void }[] = [];
  private clockTimer: number | undefined;

  constructor(
    readonly page: PageKey,
    readonly token: string,
    private readonly handlers: SessionHandlers,
  ) {}

  /** Loads the snapshot (retrying while the server cannot be reached), then connects. */
  async start(): Promise<void> {
    const ok = await this.loadSnapshot();
    if (!ok) return;
    this.connection = this.buildConnection();
    document.addEventListener('visibilitychange', this.onVisible);
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    await this.connectLoop();
  }

  /** Stops everything (used when the token turns out to be invalid). */
  private stop(): void {
    this.stopped = true;
    window.clearInterval(this.clockTimer);
    document.removeEventListener('visibilitychange', this.onVisible);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    void this.connection?.stop();
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.handlers.onStatus?.(status);
  }

  private invalid(): void {
    this.stop();
    this.setStatus('offline');
    this.handlers.onInvalid();
  }

  /** GET /api/snapshot until it answers; false if the token is refused. */
  private async loadSnapshot(): Promise<boolean> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const snapshot = await getJson<Snapshot>('/api/snapshot', { token: this.token });
        this.applySnapshot(snapshot);
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'unauthorized') {
          this.invalid();
          return false;
        }
        this.setStatus('offline');
        await nap(backoff(attempt));
      }
    }
    return false;
  }

  private applySnapshot(snapshot: Snapshot): void {
    this.state.replace(snapshot);
    this.clock.observe(snapshot.serverTime);
    this.handlers.onState('snapshot');
    this.releaseWaiters();
  }

  private buildConnection(): HubConnection {
    const connection = new HubConnectionBuilder()
      .withUrl('/hubs/session', { accessTokenFactory: () => this.token })
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context: RetryContext) => {
          // A refused token will not get better: stop, and let onclose find out for sure.
          if (looksUnauthorized(context.retryReason)) return null;
          // Still down after a few tries (~10 s): say so plainly, and keep trying forever.
          if (context.previousRetryCount >= 4) this.setStatus('offline');
          return backoff(context.previousRetryCount);
        },
      })
      .configureLogging(LogLevel.Critical)
      .build();

    connection.on('Changes', (batch: ChangeBatch) => this.onBatch(batch));
    connection.on('Own', (batch: ChangeBatch) => this.onOwn(batch));
    connection.onreconnecting(() => this.setStatus('reconnecting'));
    connection.onreconnected(() => {
      this.setStatus('live');
      void this.resync();
      void this.measureClock();
    });
    connection.onclose(() => {
      if (this.stopped) return;
      this.setStatus(navigator.onLine === false ? 'offline' : 'reconnecting');
      void this.connectLoop();
    });
    return connection;
  }

  /** Starts the connection, retrying with backoff until it is up (or the token is refused). */
  private async connectLoop(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    for (let attempt = 0; !this.stopped; attempt++) {
      if (connection.state !== HubConnectionState.Disconnected) return;
      try {
        await connection.start();
        this.setStatus('live');
        // Changes made between the snapshot (or the last connection) and now were never pushed to us.
        void this.resync();
        void this.measureClock();
        window.clearInterval(this.clockTimer);
        this.clockTimer = window.setInterval(() => void this.measureClock(), 5 * 60_000);
        return;
      } catch (error) {
        if (looksUnauthorized(error) && (await this.tokenRefused())) {
          this.invalid();
          return;
        }
        this.setStatus(attempt < 3 && navigator.onLine !== false ? 'reconnecting' : 'offline');
        await nap(backoff(attempt));
      }
    }
  }

  /** Confirms over HTTP that the token itself is refused (not just a hiccup of the hub). */
  private async tokenRefused(): Promise<boolean> {
    try {
      await getJson<Snapshot>('/api/snapshot', { token: this.token });
      return false;
    } catch (error) {
      return error instanceof ApiError && error.code === 'unauthorized';
    }
  }

  private onBatch(batch: ChangeBatch): void {
    if (this.clock.observe(batch.serverTime)) void this.measureClock();
    const outcome = this.state.applyBatch(batch);
    if (outcome === 'applied') {
      this.handlers.onState('changes');
      this.releaseWaiters();
    } else if (outcome === 'gap') {
      void this.resync();
    }
  }

  /** The person's own entries: shown at once, whatever the version (never a gap, never ignored as old). */
  private onOwn(batch: ChangeBatch): void {
    if (this.clock.observe(batch.serverTime)) void this.measureClock();
    if (this.state.applyOwnBatch(batch)) this.handlers.onState('changes');
  }

  /** The own entries of a call's answer: shown before the call resolves, so the caller's buttons already follow. */
  private applyAnswer(answer: unknown): void {
    const changes = ownChanges(answer);
    if (changes.length > 0 && this.state.applyOwn(changes)) this.handlers.onState('changes');
  }

  /** Sync(version) and apply the answer; one at a time, and once more if asked again meanwhile. */
  async resync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    const connection = this.connection;
    if (!connection || connection.state !== HubConnectionState.Connected) return;
    this.syncing = true;
    try {
      do {
        this.syncAgain = false;
        const result = await hubCall(connection)('Sync', this.state.version);
        if (result.mode === 'snapshot') {
          this.applySnapshot(result.snapshot);
        } else {
          this.clock.observe(result.batch.serverTime);
          const outcome = this.state.applySync(result.batch);
          if (outcome === 'applied') {
            this.handlers.onState('changes');
            this.releaseWaiters();
          } else if (outcome === 'gap') {
            // The server answered with changes that do not reach back to our version: start over.
            await this.loadSnapshot();
          }
        }
      } while (this.syncAgain && !this.stopped);
    } catch {
      // The connection dropped mid-call (onreconnected syncs again) or the server failed: try again soon.
      if (!this.stopped) {
        window.setTimeout(() => void this.resync(), backoff(2));
      }
    } finally {
      this.syncing = false;
    }
  }

  private async measureClock(): Promise<void> {
    const connection = this.connection;
    if (!connection || connection.state !== HubConnectionState.Connected) return;
    try {
      await this.clock.measure(() => hubCall(connection)('Clock'));
    } catch {
      // keep the previous offset
    }
  }

  /** Back from sleep / a network change: catch up at once instead of waiting for the next batch. */
  private readonly onVisible = (): void => {
    if (document.visibilityState !== 'visible' || this.stopped) return;
    if (this.connection?.state === HubConnectionState.Connected) {
      void this.resync();
      void this.measureClock();
    }
  };

  /**
   * The browser lost its network. A WebSocket can look open for a long while after that (until the server
   * timeout), and what is sent on it may never arrive, so drop the connection at once: the page shows
   * "offline", every action says "not sent", and the connect loop waits for the network to come back.
   */
  private readonly onOffline = (): void => {
    if (this.stopped) return;
    this.setStatus('offline');
    const connection = this.connection;
    if (connection && connection.state !== HubConnectionState.Disconnected) void connection.stop();
  };

  /** Back online: retry now instead of at the end of the current backoff, then catch up. */
  private readonly onOnline = (): void => {
    if (this.stopped) return;
    wakeUp();
    this.onVisible();
  };

  get connected(): boolean {
    return this.connection?.state === HubConnectionState.Connected;
  }

  /**
   * Calls a hub method. Not connected: throws ApiError 'offline' and sends nothing (the caller shows it
   * as not sent). Refusals come back as ApiError with the server's code and sentence. An answer with the
   * caller's own entries (`Ack.changes`) is applied before it resolves.
   */
  async invoke<M extends HubMethod>(method: M, ...args: HubArgs<M>): Promise<HubResult<M>> {
    const connection = this.connection;
    if (!connection || connection.state !== HubConnectionState.Connected) {
      throw new ApiError('offline', t.notSentOffline);
    }
    let answer: HubResult<M>;
    try {
      answer = await hubCall(connection)(method, ...args);
    } catch (error) {
      throw hubError(error);
    }
    this.applyAnswer(answer);
    return answer;
  }

  /**
   * A state-changing call: resolves once its change is in our state (so the screen already shows it): the
   * caller's own entries from the answer at once, the group's (counts on the board, …) once the version is reached.
   */
  async act<M extends HubChange>(method: M, ...args: HubArgs<M>): Promise<HubResult<M>> {
    const ack = await this.invoke(method, ...args);
    if (ack && typeof ack.version === 'number') await this.waitForVersion(ack.version);
    return ack;
  }

  /** Resolves when the state reaches version; after 2 s without it, asks Sync (and gives up waiting at 6 s). */
  waitForVersion(version: number): Promise<void> {
    if (this.state.version >= version) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        window.clearTimeout(nudge);
        window.clearTimeout(giveUp);
        this.waiters = this.waiters.filter((w) => w.resolve !== finish);
        resolve();
      };
      const nudge = window.setTimeout(() => void this.resync(), 2000);
      const giveUp = window.setTimeout(finish, 6000);
      this.waiters.push({ version, resolve: finish });
    });
  }

  private releaseWaiters(): void {
    for (const waiter of [...this.waiters]) {
      if (this.state.version >= waiter.version) waiter.resolve();
    }
  }
}
