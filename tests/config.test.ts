import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ENV_KEYS, loadConfig, loadEnvFile, redactedConfig } from '../src/config';

const PASSWORD = 'pa55-very-secret-value';
const CONNECTION = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5;EndpointSuffix=core.windows.net';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs with nothing configured: anonymous, memory state, local web chat, port 3978', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      isProduction: false,
      port: 3978,
      logLevel: 'info',
      microsoftAppId: undefined,
      emergencyNumber: '999',
      emergencyServiceName: 'A&E',
      webChatLocalEnabled: true,
      storageConnectionString: undefined,
      storageContainer: 'bot-state',
    });
  });

  it('reads every key', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      LOG_LEVEL: 'DEBUG',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: PASSWORD,
      MicrosoftAppTenantId: '00000000-0000-0000-0000-000000000002',
      EMERGENCY_NUMBER: '911',
      EMERGENCY_SERVICE_NAME: 'the emergency room',
      BOOKING_URL: 'https://example.org/book',
      DIRECT_LINE_SECRET: 'dl-secret',
      WEBCHAT_LOCAL_ENABLED: 'yes',
      STORAGE_CONNECTION_STRING: CONNECTION,
      STORAGE_CONTAINER: 'sciatica-state',
      TEAMS_DEVELOPER_NAME: 'Example Clinic',
      TEAMS_WEBSITE_URL: 'https://example.org',
      TEAMS_PRIVACY_URL: 'https://example.org/privacy',
      TEAMS_TERMS_URL: 'https://example.org/terms',
    });
    expect(config).toMatchObject({
      isProduction: true,
      port: 8080,
      logLevel: 'debug',
      microsoftAppType: 'SingleTenant',
      emergencyNumber: '911',
      bookingUrl: 'https://example.org/book',
      webChatLocalEnabled: true,
      storageContainer: 'sciatica-state',
      teamsPrivacyUrl: 'https://example.org/privacy',
    });
  });

  it('treats blank values as unset (KEY= in a .env file)', () => {
    const config = loadConfig({ MicrosoftAppId: '', PORT: ' ', EMERGENCY_NUMBER: '', BOOKING_URL: '' });
    expect(config.microsoftAppId).toBeUndefined();
    expect(config.port).toBe(3978);
    expect(config.emergencyNumber).toBe('999');
    expect(config.bookingUrl).toBeUndefined();
  });

  it('listens on 127.0.0.1 by default, on every interface by default in production, and where HOST says', () => {
    const production = { NODE_ENV: 'production', MicrosoftAppId: 'id', MicrosoftAppPassword: PASSWORD };
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig(production).host).toBe('0.0.0.0');
    expect(loadConfig({ ...production, HOST: '10.0.0.4' }).host).toBe('10.0.0.4');
    expect(loadConfig({ HOST: ' 0.0.0.0 ' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '[::1]' }).host).toBe('::1');
    expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost');
  });

  it('turns the local web chat route off by default in production', () => {
    const base = { NODE_ENV: 'production', MicrosoftAppId: 'id', MicrosoftAppPassword: PASSWORD };
    expect(loadConfig(base).webChatLocalEnabled).toBe(false);
    expect(loadConfig({ ...base, WEBCHAT_LOCAL_ENABLED: 'true' }).webChatLocalEnabled).toBe(true);
    expect(loadConfig({ WEBCHAT_LOCAL_ENABLED: 'off' }).webChatLocalEnabled).toBe(false);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['HOST', { HOST: 'http://0.0.0.0:3978' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['MicrosoftAppType', { MicrosoftAppType: 'Personal' }],
    ['EMERGENCY_NUMBER', { EMERGENCY_NUMBER: 'call someone' }],
    ['BOOKING_URL', { BOOKING_URL: 'javascript:alert(1)' }],
    ['WEBCHAT_LOCAL_ENABLED', { WEBCHAT_LOCAL_ENABLED: 'maybe' }],
    ['STORAGE_CONTAINER', { STORAGE_CONTAINER: 'Bot_State' }],
    ['TEAMS_PRIVACY_URL', { TEAMS_PRIVACY_URL: 'not a url' }],
  ])('names the invalid key %s', (key, env) => {
    const err = configError(env);
    expect(err.keys).toEqual([key]);
    expect(err.message).toContain(key);
  });

  it('names every invalid key at once', () => {
    expect(configError({ PORT: 'x', LOG_LEVEL: 'y' }).keys.sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('refuses to start in production without a Bot Framework identity', () => {
    const err = configError({ NODE_ENV: 'production' });
    expect(err.keys).toEqual(['MicrosoftAppId']);
    expect(err.message).toMatch(/NODE_ENV=production needs a Bot Framework identity/);
  });

  it.each([
    ['MultiTenant', {}, ['MicrosoftAppPassword']],
    ['SingleTenant', {}, ['MicrosoftAppPassword', 'MicrosoftAppTenantId']],
    ['SingleTenant', { MicrosoftAppPassword: PASSWORD }, ['MicrosoftAppTenantId']],
    ['UserAssignedMSI', {}, ['MicrosoftAppTenantId']],
  ])('with MicrosoftAppType=%s and %o, names the missing %o', (type, extra, missing) => {
    for (const nodeEnv of ['production', 'development']) {
      const err = configError({ NODE_ENV: nodeEnv, MicrosoftAppType: type, MicrosoftAppId: 'app-id', ...extra });
      expect(err.keys).toEqual(missing);
    }
  });

  it('accepts a user-assigned managed identity with only id and tenant', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppId: 'client-id',
      MicrosoftAppTenantId: 'tenant-id',
    });
    expect(config.microsoftAppPassword).toBeUndefined();
  });

  it('never echoes a value in its errors', () => {
    const err = configError({ BOOKING_URL: 'ftp://secret-host.example/x', PORT: 'hunter2' });
    expect(err.message).not.toContain('secret-host');
    expect(err.message).not.toContain('hunter2');
  });
});

describe('redactedConfig', () => {
  it('hides secrets but says whether they are set', () => {
    const config = loadConfig({
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword: PASSWORD,
      STORAGE_CONNECTION_STRING: CONNECTION,
    });
    const redacted = redactedConfig(config);
    const json = JSON.stringify(redacted);
    expect(json).not.toContain(PASSWORD);
    expect(json).not.toContain('AccountKey');
    expect(redacted).toMatchObject({
      microsoftAppId: 'app-id',
      microsoftAppPassword: '[set]',
      storageConnectionString: '[set]',
      directLineSecret: '[unset]',
    });
  });
});

describe('loadEnvFile', () => {
  const saved = { ...process.env };
  let dir = '';
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads a .env file without overriding the real environment, and skips a missing one', () => {
    dir = mkdtempSync(join(tmpdir(), 'envfile-'));
    const file = join(dir, '.env');
    writeFileSync(file, '# comment\nSCIATICA_TEST_A=from-file\nSCIATICA_TEST_B=from-file\n');
    process.env.SCIATICA_TEST_B = 'from-env';
    expect(loadEnvFile(file)).toBe(true);
    expect(process.env.SCIATICA_TEST_A).toBe('from-file');
    expect(process.env.SCIATICA_TEST_B).toBe('from-env');
    expect(loadEnvFile(join(dir, 'missing.env'))).toBe(false);
  });
});

describe('documentation of the keys', () => {
  const root = join(__dirname, '..');
  const example = readFileSync(join(root, '.env.example'), 'utf8');

  it('.env.example sets every key and nothing else, and works as a .env file as it stands', () => {
    const parsed = parseEnv(example);
    expect(Object.keys(parsed).sort()).toEqual([...ENV_KEYS].sort());
    expect(loadConfig(parsed)).toMatchObject({ microsoftAppId: undefined, port: 3978 });
  });

  it('docs/configuration.md describes every key', () => {
    const doc = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
    expect(ENV_KEYS.filter((key) => !doc.includes(`\`${key}\``))).toEqual([]);
  });
});
