import { existsSync } from 'node:fs';
import { z } from 'zod';

/**
 * Configuration from the environment, parsed once by the composition root (src/index.ts) and passed
 * down as a typed object: nothing else in the code reads `process.env`. Every key is documented in
 * docs/configuration.md and .env.example.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const APP_TYPES = ['SingleTenant', 'UserAssignedMSI', 'MultiTenant'] as const;
export type MicrosoftAppType = (typeof APP_TYPES)[number];

/** The bot's typed configuration. */
export interface AppConfig {
  /** NODE_ENV as given ('development' when unset). */
  nodeEnv: string;
  isProduction: boolean;
  /** TCP port to listen on (PORT, default 3978). */
  port: number;
  /** Address to listen on (HOST): 127.0.0.1 by default, 0.0.0.0 by default in production (containers, App Service). */
  host: string;
  logLevel: LogLevel;
  /** Bot Framework identity. No `appId`: anonymous local use (Emulator, local web chat, tests). */
  microsoftAppType: MicrosoftAppType;
  microsoftAppId: string | undefined;
  microsoftAppPassword: string | undefined;
  microsoftAppTenantId: string | undefined;
  /** Emergency number the red-flag advice tells people to call (999 UK, 911 US, 112 EU). */
  emergencyNumber: string;
  /** What the emergency department is called where the bot is used ("A&E", "the emergency department"). */
  emergencyServiceName: string;
  /** Where people can book a massage; the bot offers the link when set. */
  bookingUrl: string | undefined;
  /** Azure Bot Direct Line secret: the web page exchanges it for a token server-side. */
  directLineSecret: string | undefined;
  /** Serve the local Direct Line-compatible route for the web chat page (no Azure needed). */
  webChatLocalEnabled: boolean;
  /** Azure Blob Storage connection string for bot state; unset means in-memory state. */
  storageConnectionString: string | undefined;
  storageContainer: string;
  /** Teams app manifest fields (deploy/teams). */
  teamsDeveloperName: string | undefined;
  teamsWebsiteUrl: string | undefined;
  teamsPrivacyUrl: string | undefined;
  teamsTermsUrl: string | undefined;
  /** The Teams app's own GUID (the packager has a fixed default). */
  teamsAppId: string | undefined;
}

/** Raised when the environment cannot make a working bot; the message names every bad key. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** The environment keys at fault. */
    readonly keys: string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `.env` files often hold `KEY=` for "not set": treat blank as absent. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const httpUrl = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), 'must be an http(s) URL')
    .optional(),
);
const flag = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v), 'must be true or false')
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v))
    .optional(),
);

const envSchema = z.object({
  NODE_ENV: z.preprocess(blankToUndefined, z.string().trim().default('development')),
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  HOST: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^(?:[A-Za-z0-9.-]{1,253}|\[?[0-9A-Fa-f:.]{2,45}\]?)$/, 'must be an IP address or host name, such as 127.0.0.1 or 0.0.0.0')
      .transform((v) => v.replace(/^\[(.*)\]$/, '$1'))
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof blankToUndefined(v) === 'string' ? String(v).trim().toLowerCase() : undefined),
    z.enum(LOG_LEVELS).optional(),
  ),
  MicrosoftAppType: z.preprocess(blankToUndefined, z.enum(APP_TYPES).default('MultiTenant')),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  EMERGENCY_NUMBER: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{1,14}$/, 'must be a phone number such as 999, 911 or 112')
      .default('999'),
  ),
  EMERGENCY_SERVICE_NAME: z.preprocess(blankToUndefined, z.string().trim().max(60).default('A&E')),
  BOOKING_URL: httpUrl,
  DIRECT_LINE_SECRET: optionalString,
  WEBCHAT_LOCAL_ENABLED: flag,
  STORAGE_CONNECTION_STRING: optionalString,
  STORAGE_CONTAINER: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a blob container name (3-63 lowercase letters, digits, single hyphens)')
      .default('bot-state'),
  ),
  TEAMS_DEVELOPER_NAME: optionalString,
  TEAMS_WEBSITE_URL: httpUrl,
  TEAMS_PRIVACY_URL: httpUrl,
  TEAMS_TERMS_URL: httpUrl,
  TEAMS_APP_ID: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID')
      .optional(),
  ),
});

/** Every environment key the bot reads (each one is documented in .env.example and docs/configuration.md). */
export const ENV_KEYS = Object.keys(envSchema.shape) as Array<keyof typeof envSchema.shape>;

/** Keys whose values never appear in logs or error messages. */
export const SECRET_KEYS = ['microsoftAppPassword', 'directLineSecret', 'storageConnectionString'] as const;

/**
 * Parses the environment into an {@link AppConfig}. Throws a {@link ConfigError} naming every missing
 * or invalid key (never echoing values); refuses to run in production without a Bot Framework identity.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const keys = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '?')))];
    const details = parsed.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${details.join('; ')}`, keys);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const config: AppConfig = {
    nodeEnv: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'warn' : 'info'),
    microsoftAppType: e.MicrosoftAppType,
    microsoftAppId: e.MicrosoftAppId,
    microsoftAppPassword: e.MicrosoftAppPassword,
    microsoftAppTenantId: e.MicrosoftAppTenantId,
    emergencyNumber: e.EMERGENCY_NUMBER,
    emergencyServiceName: e.EMERGENCY_SERVICE_NAME,
    bookingUrl: e.BOOKING_URL,
    directLineSecret: e.DIRECT_LINE_SECRET,
    webChatLocalEnabled: e.WEBCHAT_LOCAL_ENABLED ?? !isProduction,
    storageConnectionString: e.STORAGE_CONNECTION_STRING,
    storageContainer: e.STORAGE_CONTAINER,
    teamsDeveloperName: e.TEAMS_DEVELOPER_NAME,
    teamsWebsiteUrl: e.TEAMS_WEBSITE_URL,
    teamsPrivacyUrl: e.TEAMS_PRIVACY_URL,
    teamsTermsUrl: e.TEAMS_TERMS_URL,
    teamsAppId: e.TEAMS_APP_ID,
  };
  checkIdentity(config);
  return config;
}

/** Bot Framework identity rules: what each app type needs, and production never runs anonymously. */
function checkIdentity(c: AppConfig): void {
  if (!c.microsoftAppId) {
    if (c.isProduction) {
      throw new ConfigError(
        'NODE_ENV=production needs a Bot Framework identity: set MicrosoftAppId, MicrosoftAppType, ' +
          'MicrosoftAppTenantId and (for SingleTenant or MultiTenant) MicrosoftAppPassword. ' +
          'Without MicrosoftAppId the bot would accept anonymous requests.',
        ['MicrosoftAppId'],
      );
    }
    return; // anonymous local use
  }
  const missing: string[] = [];
  if (c.microsoftAppType !== 'UserAssignedMSI' && !c.microsoftAppPassword) missing.push('MicrosoftAppPassword');
  if (c.microsoftAppType !== 'MultiTenant' && !c.microsoftAppTenantId) missing.push('MicrosoftAppTenantId');
  if (missing.length > 0) {
    throw new ConfigError(
      `MicrosoftAppId is set with MicrosoftAppType=${c.microsoftAppType}, which also needs ${missing.join(' and ')}.`,
      missing,
    );
  }
}

/** The configuration with secrets replaced by "[set]" (or "[unset]"): safe to log. */
export function redactedConfig(config: AppConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) out[key] = config[key] ? '[set]' : '[unset]';
  return out;
}

/**
 * Loads `path` (default `.env` in the working directory) into `process.env` when it exists, with
 * Node's built-in loader; variables already set in the environment win.
 * @returns whether a file was loaded.
 */
export function loadEnvFile(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
