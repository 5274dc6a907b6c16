import type { Activity, ActivityHandler, CloudAdapter, TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  MicrosoftAppCredentials,
  type AuthenticateRequestResult,
} from 'botframework-connector';
import { PromiseLru } from '../bot/connectorClientCache';

/**
 * Connector for the in-process path. Replies never go through it (the turn is `expectReplies`, so they are
 * buffered on the turn context); it exists because the adapter insists on one, and it carries no
 * credentials, so an out-of-band call from a bot fails against the unreachable local service URL.
 */
class LocalConnectorFactory extends ConnectorFactory {
  /**
   * Built once per URL: a ConnectorClient is an HTTP pipeline, too dear to build per turn. Only the server's
   * own LOCAL_SERVICE_URL comes here; the bound is a guard, never reached in use.
   */
  private readonly clients = new PromiseLru<ConnectorClient>(8);

  override create(serviceUrl: string): Promise<ConnectorClient> {
    return this.clients.get(serviceUrl, async () => new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: serviceUrl }));
  }
}

const localConnectorFactory = new LocalConnectorFactory();

/**
 * The identity an authenticated channel request would carry, for the bot's own app id (empty when none
 * is configured). The adapter's user-token client is created from it, and with an app id configured it
 * must name that app id.
 */
function trustedAuthentication(appId: string): AuthenticateRequestResult {
  const claimsIdentity = new ClaimsIdentity(
    [
      { type: AuthenticationConstants.AudienceClaim, value: appId },
      { type: AuthenticationConstants.AppIdClaim, value: appId },
    ],
    appId === '' ? AuthenticationConstants.AnonymousAuthType : true,
  );
  return {
    audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
    claimsIdentity,
    connectorFactory: localConnectorFactory,
  };
}

/**
 * Runs one turn through the real adapter pipeline (middleware, `onTurnError`, the bot) without HTTP
 * authentication, for activities the server built itself. The activity must ask for `expectReplies`;
 * the replies the bot sent during the turn are returned in order.
 *
 * Why not `adapter.process`: that path authenticates a channel's JWT, which the page cannot have, and
 * with an app id configured it answers 401. The server is the channel here, so it vouches for the turn.
 */
export async function runLocalTurn(
  adapter: CloudAdapter,
  bot: Pick<ActivityHandler, 'run'>,
  activity: Activity,
  appId: string,
): Promise<Partial<Activity>[]> {
  if (activity.deliveryMode !== 'expectReplies') {
    throw new Error('runLocalTurn needs an expectReplies activity (replies are read from the turn buffer)');
  }
  // The turn context is a revoked proxy once the turn ends, so keep the buffer itself. It is the same
  // array for the whole turn: replies sent later in the turn (and by onTurnError) land in it too.
  let buffered: Partial<Activity>[] = [];
  await adapter.processActivityDirect(trustedAuthentication(appId), activity, async (context: TurnContext) => {
    buffered = context.bufferedReplyActivities;
    await bot.run(context);
  });
  return [...buffered];
}
