import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';

/** How many clients of each kind are kept; the least recently used goes first. */
export const DEFAULT_CLIENT_CACHE_SIZE = 64;

/**
 * A small least-recently-used map of promises, so that concurrent first requests share one client and
 * a failed creation is not kept. Bounded because the service URL comes from the request: anonymous
 * local use accepts any, and the cache must not grow with them.
 */
export class PromiseLru<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, create: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = create();
    this.entries.set(key, made);
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return made;
  }
}

/** The app id a request's connector clients and token client act for (as botframework-connector reads it). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/** Creates clients through the SDK's own factory, once per (app id, service URL, audience). */
class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly cache: PromiseLru<ConnectorClient>,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache.get(JSON.stringify([this.appId, serviceUrl, audience ?? null]), () => this.inner.create(serviceUrl, audience));
  }
}

/**
 * Bot Framework authentication that reuses connector and user-token clients across turns.
 *
 * botbuilder's CloudAdapter builds a new ConnectorClient and a new UserTokenClient (each an HTTP pipeline
 * with its policies and credentials) for every incoming activity; in `npm run bench:http` that was a third
 * of our turn's CPU and over 40 % of the minimal bot's. Microsoft's .NET SDK caches connector clients per
 * service URL and credentials for the same reason (botbuilder-dotnet #875, #883). Authentication itself is
 * not cached: every request is still validated by the wrapped authentication, and the cache key includes
 * the app id the request's claims name, so clients are only shared between requests that would get
 * identical ones.
 */
export class ClientCachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly connectorClients: PromiseLru<ConnectorClient>;
  private readonly userTokenClients: PromiseLru<UserTokenClient>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    maxClients = DEFAULT_CLIENT_CACHE_SIZE,
  ) {
    super();
    this.connectorClients = new PromiseLru(maxClients);
    this.userTokenClients = new PromiseLru(maxClients);
  }

  /** Clients held now (for tests and diagnostics). */
  get cachedClients(): { connector: number; userToken: number } {
    return { connector: this.connectorClients.size, userToken: this.userTokenClients.size };
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachingFactory(await this.inner.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachingFactory(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity), this.connectorClients);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private withCachingFactory(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return {
      ...result,
      connectorFactory: new CachingConnectorFactory(result.connectorFactory, appIdOf(result.claimsIdentity), this.connectorClients),
    };
  }
}
