using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Admin;
using Dashop.Web.Features.Api;
using Dashop.Web.Features.DevInbox;
using Dashop.Web.Features.ExternalLogin.Alipay;
using Dashop.Web.Features.ExternalLogin.QQ;
using Dashop.Web.Features.Home;
using Dashop.Web.Features.Import;
using Dashop.Web.Features.PasswordReset;
using Dashop.Web.Features.Account;
using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Features.WeiboLogin;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Web;

if (args is ["probe", var probeUrl])
    return await Probe.RunAsync(probeUrl);
if (CommandLine.RejectUnknownVerb(args, ["probe", CreateAdminCommand.Verb, ImportDadashopCommand.Verb], Console.Error) is { } usageError)
    return usageError;

var builder = WebApplication.CreateBuilder(args);

// Each AddXxx() adds what its feature owns and what it depends on, so the order does not matter.
builder.AddDashopWeb();
builder.AddDashopHome();
builder.AddDashopSms();
builder.AddDashopRegistration();
builder.AddDashopSignIn();
builder.AddDashopAccount();
builder.AddDashopReauthentication();
builder.AddDashopActivation();
builder.AddDashopPasswordReset();
builder.AddDashopWeibo();
builder.AddDashopQQ();
builder.AddDashopAlipay();
builder.AddDashopApi();
builder.AddDashopAdmin();
builder.AddDashopDevInbox();
builder.AddDashopImport();

var app = builder.Build();

if (await app.TryRunImportAsync(args) is { } importExitCode) // migrates the target itself: a failure is its exit code 4
    return importExitCode;
await app.Services.MigrateDashopDatabaseAsync();
if (await AdminCommands.TryRunAsync(app, args) is { } exitCode)
    return exitCode;
app.Logger.LogInformation("Dashop starts in {Environment}: {Mode}", app.Environment.EnvironmentName, app.Services.GetRequiredService<RunMode>());

app.UseDashopWeb();
app.UseDashopApi();
app.UseDashopEndpoints();
app.MapDashopHealth();
await app.RunAsync();
return 0;

/// <summary>The web application's entry point; public so that tests can host it.</summary>
public partial class Program;
