using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Admin;
using Dashop.Web.Features.Import;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Features.WeiboLogin;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;

if (args is ["probe", var probeUrl])
    return await Probe.RunAsync(probeUrl);
if (CommandLine.RejectUnknownVerb(args, ["probe", CreateAdminCommand.Verb, ImportDadashopCommand.Verb], Console.Error) is { } usageError)
    return usageError;

var builder = WebApplication.CreateBuilder(args);

builder.AddDashopWeb();
builder.AddDashopSecrets();
builder.AddDashopDatabase();
builder.AddDashopCaching();
builder.AddDashopIdentity();
builder.AddDashopMessaging();
builder.AddDashopSms();
builder.AddDashopRegistration();
builder.AddDashopActivation();
builder.AddDashopAdmin();
builder.AddDashopWeibo();
builder.AddDashopImport();
builder.Services.AddSingleton<RunMode>();

var app = builder.Build();

if (await app.TryRunImportAsync(args) is { } importExitCode) // migrates the target itself: a failure is its exit code 4
    return importExitCode;
await app.Services.MigrateDashopDatabaseAsync();
if (await AdminCommands.TryRunAsync(app, args) is { } exitCode)
    return exitCode;
app.Logger.LogInformation("Dashop starts in {Environment}: {Mode}", app.Environment.EnvironmentName, app.Services.GetRequiredService<RunMode>());

app.UseDashopWeb();
app.MapDashopHealth();
await app.RunAsync();
return 0;

/// <summary>The web application's entry point; public so that tests can host it.</summary>
public partial class Program;
