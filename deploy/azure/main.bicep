// Sciatica massage-advice bot: Azure Bot (SingleTenant or UserAssignedMSI) with Teams and Direct Line
// channels, on a Linux App Service running Node 20.
// azuredeploy.json is the hand-written ARM equivalent (no Bicep CLI in this repo's toolchain); keep the
// two in step. tests/deploy/azure/template.test.ts checks both declare the same parameters.

@description('Region for the App Service plan, web app and managed identity. The bot itself is always \'global\'.')
param location string = resourceGroup().location

@description('Azure Bot resource name (globally unique).')
@minLength(2)
@maxLength(64)
param botName string = 'sciatica-bot-${uniqueString(resourceGroup().id)}'

@description('Name people see for the bot in channels.')
param botDisplayName string = 'Sciatica Massage Guide'

@description('Azure Bot pricing tier. F0 is free (standard channels such as Teams are free on either).')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('Web app name; the bot\'s endpoint is https://<webAppName>.azurewebsites.net/api/messages.')
@minLength(2)
@maxLength(60)
param webAppName string = 'sciatica-bot-app-${uniqueString(resourceGroup().id)}'

@description('Linux App Service plan name.')
param appServicePlanName string = 'sciatica-bot-plan-${uniqueString(resourceGroup().id)}'

@description('App Service plan size. Free/Shared tiers are not offered: they cannot keep the app always on.')
@allowed(['B1', 'B2', 'B3', 'S1', 'S2', 'S3', 'P0v3', 'P1v3', 'P2v3'])
param appServicePlanSku string = 'B1'

@description('Bot identity. UserAssignedMSI: this template creates a managed identity and no secret exists. SingleTenant: an Entra app registration you created (microsoftAppId + microsoftAppPassword). MultiTenant is not offered: new multi-tenant bots can no longer be created.')
@allowed(['SingleTenant', 'UserAssignedMSI'])
param appType string = 'UserAssignedMSI'

@description('User-assigned managed identity name (UserAssignedMSI only).')
param identityName string = 'sciatica-bot-id-${uniqueString(resourceGroup().id)}'

@description('SingleTenant only: the Entra app registration\'s Application (client) ID. Ignored for UserAssignedMSI (the identity\'s client ID is used).')
param microsoftAppId string = ''

@description('SingleTenant only: a client secret of that app registration. Never set for UserAssignedMSI.')
@secure()
param microsoftAppPassword string = ''

@description('Entra tenant of the bot identity.')
param microsoftAppTenantId string = subscription().tenantId

@description('Number the bot gives for emergencies (999 UK, 112 EU, 911 US...).')
param emergencyNumber string = '999'

@description('Local name of the emergency department (A&E, emergency department...).')
param emergencyServiceName string = 'A&E'

@description('Optional https URL where people can book a massage; empty leaves the setting out.')
param bookingUrl string = ''

@description('LOG_LEVEL for the app.')
param logLevel string = 'info'

@description('Secret of the Direct Line channel\'s site, for the web chat page. Unknown on the first deployment: read it afterwards (az bot directline show --with-secrets) and deploy again or set the app setting (see docs/deploy.md). Empty leaves the setting out.')
@secure()
param directLineSecret string = ''

@description('Optional Azure Blob Storage connection string for conversation and user state (shared between instances). Empty: the embedded store on the app\'s disk (keep the plan at one instance).')
@secure()
param storageConnectionString string = ''

@description('Blob container for the state (used only with storageConnectionString).')
param storageContainer string = 'bot-state'

@description('Days after its last write that any stored state (conversations, saved assessments) is deleted: the app\'s STATE_RETENTION_DAYS and, with storageAccountName, a lifecycle rule on the blobs.')
@minValue(1)
@maxValue(3650)
param stateRetentionDays int = 30

@description('Name of the storage account behind storageConnectionString, in this resource group. When set, a lifecycle management rule deletes the state container\'s blobs stateRetentionDays after their last change. The rule is the account\'s whole management policy: use an account dedicated to the bot.')
param storageAccountName string = ''

@description('Tags for every resource.')
param tags object = {}

var useManagedIdentity = appType == 'UserAssignedMSI'
var startCommand = 'node --no-deprecation dist/src/index.js'
var buildCommand = 'npm ci --include=dev --no-audit --no-fund && npm run build && npm prune --omit=dev'
var fixedAppSettings = [
  { name: 'NODE_ENV', value: 'production' }
  { name: 'MicrosoftAppType', value: appType }
  { name: 'MicrosoftAppTenantId', value: microsoftAppTenantId }
  { name: 'EMERGENCY_NUMBER', value: emergencyNumber }
  { name: 'EMERGENCY_SERVICE_NAME', value: emergencyServiceName }
  { name: 'LOG_LEVEL', value: logLevel }
  { name: 'STATE_RETENTION_DAYS', value: string(stateRetentionDays) }
  { name: 'WEBSITE_NODE_DEFAULT_VERSION', value: '~20' }
  { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
  { name: 'CUSTOM_BUILD_COMMAND', value: buildCommand }
]
var bookingUrlSettings = empty(bookingUrl) ? [] : [{ name: 'BOOKING_URL', value: bookingUrl }]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = if (useManagedIdentity) {
  name: identityName
  location: location
  tags: tags
}

var botAppId = useManagedIdentity ? identity!.properties.clientId : microsoftAppId

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: appServicePlanName
  location: location
  tags: tags
  kind: 'linux'
  sku: { name: appServicePlanSku }
  properties: { reserved: true }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: useManagedIdentity ? { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } } : { type: 'None' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: startCommand
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(
        fixedAppSettings,
        bookingUrlSettings,
        [{ name: 'MicrosoftAppId', value: botAppId }],
        useManagedIdentity ? [] : [{ name: 'MicrosoftAppPassword', value: microsoftAppPassword }],
        empty(directLineSecret) ? [] : [{ name: 'DIRECT_LINE_SECRET', value: directLineSecret }],
        empty(storageConnectionString)
          ? []
          : [
              { name: 'STORAGE_CONNECTION_STRING', value: storageConnectionString }
              { name: 'STORAGE_CONTAINER', value: storageContainer }
            ]
      )
    }
  }
}

// Retention for Blob state: the platform deletes blobs of the state container once they are older than the
// retention (the app also reads older ones as absent). Not for the embedded store, which sweeps itself.
resource stateRetentionPolicy 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = if (!empty(storageAccountName)) {
  name: '${storageAccountName}/default'
  properties: {
    policy: {
      rules: [
        {
          enabled: true
          name: 'delete-bot-state-after-retention'
          type: 'Lifecycle'
          definition: {
            actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: stateRetentionDays } } }
            filters: { blobTypes: ['blockBlob'], prefixMatch: ['${storageContainer}/'] }
          }
        }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppType: appType
    msaAppId: botAppId
    msaAppTenantId: microsoftAppTenantId
    msaAppMSIResourceId: useManagedIdentity ? identity.id : null
    disableLocalAuth: false
    publicNetworkAccess: 'Enabled'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  tags: tags
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

resource directLineChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  tags: tags
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'Web chat page'
          isEnabled: true
          isV1Enabled: false
          isV3Enabled: true
          isSecureSiteEnabled: false
          isBlockUserUploadEnabled: true
        }
      ]
    }
  }
}

output webAppName string = webApp.name
output webAppUrl string = 'https://${webApp.properties.defaultHostName}'
output messagingEndpoint string = 'https://${webApp.properties.defaultHostName}/api/messages'
output botName string = bot.name
output microsoftAppType string = appType
output microsoftAppId string = botAppId
