import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type UserTokenClient,
} from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { ClientCachingBotFrameworkAuthentication } from '../../src/bot/connectorClientCache';

/** An inner authentication that counts what it is asked for and makes a fresh object every time. */
class CountingAuthentication extends BotFrameworkAuthentication {
  authenticated = 0;
  connectorsMade = 0;
  tokenClientsMade = 0;
  rejectAuth = false;
  failNextConnector = false;

  constructor(private readonly appId = 'app-1') {
    super();
  }

  identity(appId = this.appId): ClaimsIdentity {
    return new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);
  }

  override async authenticateRequest(activity: Activity): Promise<AuthenticateRequestResult> {
    this.authenticated += 1;
    if (this.rejectAuth) throw Object.assign(new Error('Unauthorized'), { statusCode: 401 });
    const claimsIdentity = this.identity((activity.recipient?.id as string | undefined) ?? this.appId);
    return { audience: 'https://api.botframework.com', claimsIdentity, connectorFactory: this.createConnectorFactory(claimsIdentity) };
  }

  override async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    const claimsIdentity = this.identity();
    return { audience: 'https://api.botframework.com', claimsIdentity, connectorFactory: this.createConnectorFactory(claimsIdentity) };
  }

  override createConnectorFactory(_claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = this;
    return new (class extends ConnectorFactory {
      override async create(serviceUrl: string): Promise<ConnectorClient> {
        await Promise.resolve();
        if (inner.failNextConnector) {
          inner.failNextConnector = false;
          throw new Error('token endpoint down');
        }
        inner.connectorsMade += 1;
        return { serviceUrl, made: inner.connectorsMade } as unknown as ConnectorClient;
      }
    })();
  }

  override async createUserTokenClient(): Promise<UserTokenClient> {
    this.tokenClientsMade += 1;
    return { made: this.tokenClientsMade } as unknown as UserTokenClient;
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return { postActivity: () => Promise.reject(new Error('not used')) } as unknown as BotFrameworkClient;
  }

  override getOriginatingAudience(): string {
    return 'originating-audience';
  }

  override async authenticateChannelRequest(): Promise<ClaimsIdentity> {
    return this.identity('from-channel');
  }
}

const activity = (appId = 'app-1'): Activity => ({ type: 'message', recipient: { id: appId } }) as Activity;

/** What CloudAdapter does with each incoming activity: authenticate, then make a connector client. */
async function turn(auth: BotFrameworkAuthentication, serviceUrl: string, appId = 'app-1', audience?: string): Promise<ConnectorClient> {
  const result = await auth.authenticateRequest(activity(appId), 'Bearer token');
  return (result.connectorFactory as ConnectorFactory).create(serviceUrl, audience ?? result.audience);
}

describe('ClientCachingBotFrameworkAuthentication', () => {
  it('reuses one connector client per app id, service URL and audience across turns', async () => {
    const inner = new CountingAuthentication();
    const auth = new ClientCachingBotFrameworkAuthentication(inner);

    const first = await turn(auth, 'https://smba.example/emea/');
    const second = await turn(auth, 'https://smba.example/emea/');
    expect(second).toBe(first);
    expect(inner.connectorsMade).toBe(1);

    const otherUrl = await turn(auth, 'https://smba.example/amer/');
    const otherAudience = await turn(auth, 'https://smba.example/emea/', 'app-1', 'skill-audience');
    const otherApp = await turn(auth, 'https://smba.example/emea/', 'app-2');
    expect(new Set([first, otherUrl, otherAudience, otherApp]).size).toBe(4);
    expect(inner.connectorsMade).toBe(4);
    expect(auth.cachedClients.connector).toBe(4);
  });

  it('still authenticates every request, and a rejection stays a rejection after earlier successes', async () => {
    const inner = new CountingAuthentication();
    const auth = new ClientCachingBotFrameworkAuthentication(inner);
    await turn(auth, 'https://smba.example/');
    await turn(auth, 'https://smba.example/');
    expect(inner.authenticated).toBe(2);

    inner.rejectAuth = true;
    await expect(turn(auth, 'https://smba.example/')).rejects.toThrow('Unauthorized');
    await expect(turn(auth, 'https://smba.example/')).rejects.toThrow('Unauthorized');
    expect(inner.authenticated).toBe(4);
  });

  it('shares one creation between concurrent first turns', async () => {
    const inner = new CountingAuthentication();
    const auth = new ClientCachingBotFrameworkAuthentication(inner);
    const clients = await Promise.all(Array.from({ length: 8 }, () => turn(auth, 'https://smba.example/')));
    expect(new Set(clients).size).toBe(1);
    expect(inner.connectorsMade).toBe(1);
  });

  it('does not keep a failed creation: the next turn tries again', async () => {
    const inner = new CountingAuthentication();
    const auth = new ClientCachingBotFrameworkAuthentication(inner);
    inner.failNextConnector = true;
    await expect(turn(auth, 'https://smba.example/')).rejects.toThrow('token endpoint down');
    expect(auth.cachedClients.connector).toBe(0);
    await expect(turn(auth, 'https://smba.example/')).resolves.toMatchObject({ serviceUrl: 'https://smba.example/' });
    expect(inner.connectorsMade).toBe(1);
  });

  it('holds at most the configured number of clients, dropping the least recently used', async () => {
    const inner = new CountingAuthentication();
    const auth = new ClientCachingBotFrameworkAuthentication(inner, 2);
    const a = await turn(auth, 'https://a.example/');
    await turn(auth, 'https://b.example/');
    expect(await turn(auth, 'https://a.example/')).toBe(a); // a is now the most recent
    await turn(auth, 'https://c.example/'); // evicts b
    expect(auth.cachedClients.connector).toBe(2);
    expect(await turn(auth, 'https://a.example/')).toBe(a);
    const made = inner.connectorsMade;
    await turn(auth, 'https://b.example/');
    expect(inner.connectorsMade).toBe(made + 1);
  });

  it('caches the factory made outside a request (proactive messages) in the same way', async () => {
    const inner = new CountingAuthentication();
    const auth = new ClientCachingBotFrameworkAuthentication(inner);
    const fromTurn = await turn(auth, 'https://smba.example/');
    const proactive = await auth.createConnectorFactory(inner.identity()).create('https://smba.example/', 'https://api.botframework.com');
    expect(proactive).toBe(fromTurn);
    const streaming = await auth.authenticateStreamingRequest('Bearer token', 'msteams');
    expect(await (streaming.connectorFactory as ConnectorFactory).create('https://smba.example/', streaming.audience)).toBe(fromTurn);
  });

  it('reuses one user-token client per app id', async () => {
    const inner = new CountingAuthentication();
    const auth = new ClientCachingBotFrameworkAuthentication(inner);
    const one = await auth.createUserTokenClient(inner.identity('app-1'));
    expect(await auth.createUserTokenClient(inner.identity('app-1'))).toBe(one);
    expect(await auth.createUserTokenClient(inner.identity('app-2'))).not.toBe(one);
    expect(inner.tokenClientsMade).toBe(2);
  });

  it('passes everything else straight through', async () => {
    const inner = new CountingAuthentication();
    const auth = new ClientCachingBotFrameworkAuthentication(inner);
    expect(auth.getOriginatingAudience()).toBe('originating-audience');
    expect((await auth.authenticateChannelRequest('Bearer x')).getClaimValue(AuthenticationConstants.AudienceClaim)).toBe('from-channel');
    expect(typeof auth.createBotFrameworkClient().postActivity).toBe('function');
  });
});
