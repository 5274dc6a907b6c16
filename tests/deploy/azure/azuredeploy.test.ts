import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS } from '../../../src/config';
import {
  ARM_FUNCTIONS,
  calls,
  evaluateTemplate,
  expressionsIn,
  parseExpression,
  type ArmTemplate,
  type EvaluatedResource,
  type FakeAzure,
} from './armExpressions';

const REPO = resolve(__dirname, '../../..');
const AZURE_DIR = join(REPO, 'deploy', 'azure');
const template = JSON.parse(readFileSync(join(AZURE_DIR, 'azuredeploy.json'), 'utf8')) as ArmTemplate & Record<string, unknown>;
const exampleParameters = JSON.parse(readFileSync(join(AZURE_DIR, 'azuredeploy.parameters.example.json'), 'utf8')) as {
  parameters: Record<string, { value: unknown }>;
};

const TENANT = '72f988bf-0000-4000-8000-000000000001';
const MSI_CLIENT_ID = '5a1b2c3d-0000-4000-8000-00000000c11e';
const azure: FakeAzure = {
  subscriptionId: '00000000-0000-4000-8000-00000000501b',
  resourceGroup: 'rg-sciatica',
  location: 'uksouth',
  tenantId: TENANT,
  references: {
    'Microsoft.ManagedIdentity/userAssignedIdentities': () => ({ clientId: MSI_CLIENT_ID, principalId: 'p', tenantId: TENANT }),
    'Microsoft.Web/sites': (name) => ({ defaultHostName: `${name}.azurewebsites.net` }),
  },
};

/**
 * Config keys that are not app settings in Azure: App Service sets PORT itself, the local web chat
 * route stays off in production, and the TEAMS_* keys are read when packaging the Teams app.
 */
const NOT_APP_SETTINGS = new Set([
  'PORT',
  // Production listens on 0.0.0.0 by default, which App Service needs.
  'HOST',
  'WEBCHAT_LOCAL_ENABLED',
  'TEAMS_DEVELOPER_NAME',
  'TEAMS_WEBSITE_URL',
  'TEAMS_PRIVACY_URL',
  'TEAMS_TERMS_URL',
  'TEAMS_APP_ID',
  // State settings whose defaults suit Azure (the store follows STORAGE_CONNECTION_STRING).
  'STATE_STORE',
  'STATE_DIR',
  'STATE_MEMORY_MAX_ENTRIES',
  'STORAGE_TIMEOUT_MS',
  'ALLOW_MEMORY_STATE_IN_PRODUCTION',
]);

/** Every key src/config.ts reads that belongs on the web app, plus what App Service's build needs. */
const CONFIG_APP_SETTINGS = [
  ...ENV_KEYS.filter((key) => !NOT_APP_SETTINGS.has(key)),
  'WEBSITE_NODE_DEFAULT_VERSION',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
];

function byType(resources: EvaluatedResource[], type: string): EvaluatedResource[] {
  return resources.filter((r) => r.type === type);
}

function only(resources: EvaluatedResource[], type: string): EvaluatedResource {
  const found = byType(resources, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

function appSettings(resources: EvaluatedResource[]): Record<string, string> {
  const site = only(resources, 'Microsoft.Web/sites');
  const list = (site.body.properties as { siteConfig: { appSettings: { name: string; value: string }[] } }).siteConfig.appSettings;
  const names = list.map((s) => s.name);
  expect(new Set(names).size, 'app setting names are unique').toBe(names.length);
  return Object.fromEntries(list.map((s) => [s.name, s.value]));
}

const msi = evaluateTemplate(template, {}, azure);
const singleTenant = evaluateTemplate(
  template,
  {
    appType: 'SingleTenant',
    webAppName: 'contoso-sciatica',
    microsoftAppId: 'd3b07384-0000-4000-8000-00000000a99d',
    microsoftAppPassword: 'client-secret-value',
    directLineSecret: 'direct-line-secret-value',
    bookingUrl: 'https://contoso.example/book',
    storageConnectionString: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=k',
  },
  azure,
);

describe('azuredeploy.json: structure', () => {
  it('is a resource-group deployment template', () => {
    expect(template.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    expect(template.contentVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  const expressions = expressionsIn(template);

  it('every expression parses and calls only real ARM functions', () => {
    expect(expressions.length).toBeGreaterThan(20);
    for (const { path, expression } of expressions) {
      const names = calls(parseExpression(expression)).map((c) => c.name);
      for (const name of names) expect(ARM_FUNCTIONS.has(name) || name.startsWith('list'), `${name}() at ${path}`).toBe(true);
    }
  });

  const referenced = (fn: string) =>
    new Set(
      expressions.flatMap(({ expression }) =>
        calls(parseExpression(expression))
          .filter((c) => c.name === fn)
          .map((c) => (c.args[0]?.kind === 'string' ? c.args[0].value : '<computed>')),
      ),
    );

  it('every parameters(x) is declared, and every declared parameter is used', () => {
    const declared = Object.keys(template.parameters ?? {});
    const used = referenced('parameters');
    for (const name of used) expect(declared, `parameters('${name}')`).toContain(name);
    for (const name of declared) expect(used.has(name), `parameter ${name} is never used`).toBe(true);
  });

  it('every variables(x) is declared, and every declared variable is used', () => {
    const declared = Object.keys(template.variables ?? {});
    const used = referenced('variables');
    for (const name of used) expect(declared, `variables('${name}')`).toContain(name);
    for (const name of declared) expect(used.has(name), `variable ${name} is never used`).toBe(true);
  });

  it('offers only SingleTenant and UserAssignedMSI bots: new MultiTenant bots cannot be created', () => {
    expect(template.parameters!.appType!.allowedValues).toEqual(['SingleTenant', 'UserAssignedMSI']);
  });

  it('keeps secrets in securestring parameters, never in outputs', () => {
    expect(template.parameters!.microsoftAppPassword!.type).toBe('securestring');
    expect(template.parameters!.directLineSecret!.type).toBe('securestring');
    expect(template.parameters!.storageConnectionString!.type).toBe('securestring');
    expect(JSON.stringify(singleTenant.outputs)).not.toMatch(/client-secret-value|direct-line-secret-value|AccountKey/);
  });

  it('puts region-bound resources in the location parameter (resource group by default) and the bot in global', () => {
    expect(template.parameters!.location!.defaultValue).toBe('[resourceGroup().location]');
    for (const r of msi.resources.filter((x) => x.deployed)) {
      const expected = r.type.startsWith('Microsoft.BotService/') ? 'global' : azure.location;
      expect(r.body.location, r.type).toBe(expected);
    }
  });

  it('the example parameters file sets only declared, non-secret parameters', () => {
    for (const name of Object.keys(exampleParameters.parameters)) {
      expect(template.parameters, name).toHaveProperty(name);
      expect(template.parameters![name]!.type, name).not.toBe('securestring');
    }
    expect(() => evaluateTemplate(template, Object.fromEntries(Object.entries(exampleParameters.parameters).map(([k, v]) => [k, v.value])), azure)).not.toThrow();
  });
});

describe('azuredeploy.json: what it deploys', () => {
  it.each([
    ['UserAssignedMSI (default)', msi, 'UserAssignedMSI'],
    ['SingleTenant', singleTenant, 'SingleTenant'],
  ])('%s: an Azure Bot, kind azurebot, pointing at the web app /api/messages', (_label, result, appType) => {
    const bot = only(result.resources, 'Microsoft.BotService/botServices');
    const site = only(result.resources, 'Microsoft.Web/sites');
    expect(bot.body.kind).toBe('azurebot');
    const props = bot.body.properties as Record<string, unknown>;
    expect(props.msaAppType).toBe(appType);
    expect(props.msaAppType).not.toBe('MultiTenant');
    expect(props.msaAppTenantId).toBe(TENANT);
    expect(props.endpoint).toBe(`https://${site.name}.azurewebsites.net/api/messages`);
  });

  it('UserAssignedMSI: creates the identity, gives it to the web app and the bot, and sets no password', () => {
    const identity = only(msi.resources, 'Microsoft.ManagedIdentity/userAssignedIdentities');
    expect(identity.deployed).toBe(true);
    const identityId = `/subscriptions/${azure.subscriptionId}/resourceGroups/${azure.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity.name}`;
    const bot = only(msi.resources, 'Microsoft.BotService/botServices').body.properties as Record<string, unknown>;
    expect(bot.msaAppId).toBe(MSI_CLIENT_ID);
    expect(bot.msaAppMSIResourceId).toBe(identityId);
    const site = only(msi.resources, 'Microsoft.Web/sites');
    expect(site.body.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } });
    const settings = appSettings(msi.resources);
    expect(settings).toMatchObject({ MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: MSI_CLIENT_ID, MicrosoftAppTenantId: TENANT });
    expect(settings).not.toHaveProperty('MicrosoftAppPassword');
    expect(msi.outputs.microsoftAppId).toBe(MSI_CLIENT_ID);
  });

  it('SingleTenant: no identity, the app registration id and secret go to the bot and the app', () => {
    expect(only(singleTenant.resources, 'Microsoft.ManagedIdentity/userAssignedIdentities').deployed).toBe(false);
    const bot = only(singleTenant.resources, 'Microsoft.BotService/botServices').body.properties as Record<string, unknown>;
    expect(bot.msaAppId).toBe('d3b07384-0000-4000-8000-00000000a99d');
    expect(bot.msaAppMSIResourceId).toBeNull();
    expect(only(singleTenant.resources, 'Microsoft.Web/sites').body.identity).toEqual({ type: 'None' });
    expect(appSettings(singleTenant.resources)).toMatchObject({
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppId: 'd3b07384-0000-4000-8000-00000000a99d',
      MicrosoftAppPassword: 'client-secret-value',
      DIRECT_LINE_SECRET: 'direct-line-secret-value',
      BOOKING_URL: 'https://contoso.example/book',
      STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=k',
      STORAGE_CONTAINER: 'bot-state',
    });
  });

  it('leaves optional settings out rather than setting them to empty strings', () => {
    const settings = appSettings(msi.resources);
    expect(settings).not.toHaveProperty('BOOKING_URL');
    expect(settings).not.toHaveProperty('DIRECT_LINE_SECRET');
    expect(settings).not.toHaveProperty('STORAGE_CONNECTION_STRING');
    for (const [name, value] of Object.entries(appSettings(singleTenant.resources))) expect(value, name).not.toBe('');
  });

  it('deletes state blobs after the retention with a lifecycle rule, and tells the app the same retention', () => {
    const policyType = 'Microsoft.Storage/storageAccounts/managementPolicies';
    expect(only(msi.resources, policyType).deployed).toBe(false);
    expect(appSettings(msi.resources).STATE_RETENTION_DAYS).toBe('30');
    const withAccount = evaluateTemplate(template, { storageConnectionString: 'x', storageAccountName: 'botstate', storageContainer: 'state', stateRetentionDays: 14 }, azure);
    const policy = only(withAccount.resources, policyType);
    expect(policy.deployed).toBe(true);
    expect(policy.name).toBe('botstate/default');
    expect(policy.body.properties).toEqual({
      policy: {
        rules: [
          {
            enabled: true,
            name: 'delete-bot-state-after-retention',
            type: 'Lifecycle',
            definition: {
              actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 14 } } },
              filters: { blobTypes: ['blockBlob'], prefixMatch: ['state/'] },
            },
          },
        ],
      },
    });
    expect(appSettings(withAccount.resources).STATE_RETENTION_DAYS).toBe('14');
  });

  it('app settings cover every config key the app needs in Azure', () => {
    expect(CONFIG_APP_SETTINGS).toEqual(expect.arrayContaining(['MicrosoftAppType', 'MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId', 'NODE_ENV', 'EMERGENCY_NUMBER', 'EMERGENCY_SERVICE_NAME', 'BOOKING_URL', 'LOG_LEVEL', 'DIRECT_LINE_SECRET']));
    const names = new Set([...Object.keys(appSettings(msi.resources)), ...Object.keys(appSettings(singleTenant.resources))]);
    for (const key of CONFIG_APP_SETTINGS) expect(names, key).toContain(key);
    expect(appSettings(msi.resources)).toMatchObject({
      NODE_ENV: 'production',
      EMERGENCY_NUMBER: '999',
      EMERGENCY_SERVICE_NAME: 'A&E',
      LOG_LEVEL: 'info',
      WEBSITE_NODE_DEFAULT_VERSION: '~20',
      SCM_DO_BUILD_DURING_DEPLOYMENT: 'true',
    });
  });

  it('runs a Linux Node 20 web app: https only, always on, /healthz health check, TLS 1.2, no FTP', () => {
    const plan = only(msi.resources, 'Microsoft.Web/serverfarms');
    expect(plan.body.kind).toBe('linux');
    expect(plan.body.properties).toMatchObject({ reserved: true });
    const site = only(msi.resources, 'Microsoft.Web/sites');
    expect(site.body.kind).toBe('app,linux');
    const props = site.body.properties as { httpsOnly: boolean; siteConfig: Record<string, unknown>; serverFarmId: string };
    expect(props.httpsOnly).toBe(true);
    expect(props.serverFarmId).toMatch(new RegExp(`/Microsoft.Web/serverfarms/${plan.name}$`));
    expect(props.siteConfig).toMatchObject({
      linuxFxVersion: 'NODE|20-lts',
      alwaysOn: true,
      healthCheckPath: '/healthz',
      minTlsVersion: '1.2',
      ftpsState: 'Disabled',
    });
  });

  it('starts the compiled app the same way package.json start:prod and the Dockerfile do', () => {
    const site = only(msi.resources, 'Microsoft.Web/sites');
    const command = (site.body.properties as { siteConfig: { appCommandLine: string } }).siteConfig.appCommandLine;
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(command).toBe(pkg.scripts['start:prod']);
    expect(readFileSync(join(REPO, 'deploy', 'Dockerfile'), 'utf8')).toContain(`CMD ${JSON.stringify(command.split(' '))}`.replace(/,/g, ', '));
  });

  it('enables the Teams channel and a Direct Line channel with a site, both on the bot', () => {
    const bot = only(msi.resources, 'Microsoft.BotService/botServices');
    const channels = byType(msi.resources, 'Microsoft.BotService/botServices/channels');
    const byName = Object.fromEntries(channels.map((c) => [(c.body.properties as { channelName: string }).channelName, c]));
    expect(Object.keys(byName).sort()).toEqual(['DirectLineChannel', 'MsTeamsChannel']);
    for (const [channelName, channel] of Object.entries(byName)) expect(channel.name).toBe(`${bot.name}/${channelName}`);
    expect((byName.MsTeamsChannel!.body.properties as { properties: { isEnabled: boolean } }).properties.isEnabled).toBe(true);
    const sites = (byName.DirectLineChannel!.body.properties as { properties: { sites: Record<string, unknown>[] } }).properties.sites;
    expect(sites.length).toBeGreaterThanOrEqual(1);
    expect(sites[0]).toMatchObject({ isEnabled: true, isV3Enabled: true });
  });

  it('rejects MultiTenant and unknown plan sizes the way Resource Manager would', () => {
    expect(() => evaluateTemplate(template, { appType: 'MultiTenant' }, azure)).toThrow(/not allowed/);
    expect(() => evaluateTemplate(template, { appServicePlanSku: 'F1' }, azure)).toThrow(/not allowed/);
  });
});
