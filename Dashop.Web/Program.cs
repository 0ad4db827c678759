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
using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Features.ExternalLogin.WeChat;
using Dashop.Web.Features.WeiboLogin;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Web;

// One way to read the command line: a verb, or the site. The probe runs without the site's host (the container asks every
// 15 s); the other verbs run in the site's host, with its configuration and services.
return await CommandLine.RunAsync(args, RunSiteAsync,
    new CommandLineVerb(HealthProbe.Verb, HealthProbe.RunAsync),
    new CommandLineVerb(CreateAdminCommand.Verb, rest => RunInHostAsync(args, async (services, stopping) =>
    {
        await services.MigrateDashopDatabaseAsync(stopping);
        return await services.GetRequiredService<CreateAdminCommand>().RunAsync(rest, CommandConsole.System, stopping);
    })),
    // Migrates its target itself: a failure there is its exit code 4.
    new CommandLineVerb(ImportDadashopCommand.Verb, rest => RunInHostAsync(args, (services, stopping) =>
        services.GetRequiredService<ImportDadashopCommand>().RunAsync(rest, Console.Out, Console.Error, stopping))));

static WebApplication Build(string[] args)
{
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
    builder.AddDashopExternalLogin();
    builder.AddDashopWeibo();
    builder.AddDashopWeChat();
    builder.AddDashopQQ();
    builder.AddDashopAlipay();
    builder.AddDashopApi();
    builder.AddDashopAdmin();
    builder.AddDashopDevInbox();
    builder.AddDashopImport();
    return builder.Build();
}

static async Task<int> RunSiteAsync(string[] args)
{
    await using var app = Build(args);
    await app.Services.MigrateDashopDatabaseAsync();
    app.Logger.LogInformation("Dashop starts in {Environment}: {Mode}", app.Environment.EnvironmentName, app.Services.GetRequiredService<RunMode>());

    app.UseDashopWeb();
    app.UseDashopApi();
    app.UseDashopEndpoints();
    app.MapDashopHealth();
    await app.RunAsync();
    return 0;
}

static async Task<int> RunInHostAsync(string[] args, Func<IServiceProvider, CancellationToken, Task<int>> command)
{
    await using var app = Build(args);
    await using var scope = app.Services.CreateAsyncScope();
    return await command(scope.ServiceProvider, app.Lifetime.ApplicationStopping);
}

/// <summary>The web application's entry point; public so that tests can host it.</summary>
public partial class Program;
