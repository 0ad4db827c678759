using System.Reflection;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Admin;
using Dashop.Web.Features.Api;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Features.ExternalLogin.WeChat;
using Dashop.Web.Features.DevInbox;
using Dashop.Web.Features.Home;
using Dashop.Web.Features.Import;
using Dashop.Web.Features.Legal;
using Dashop.Web.Features.Notices;
using Dashop.Web.Features.PasswordReset;
using Dashop.Web.Features.Account;
using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Features.WeiboLogin;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Architecture;

/// <summary>Each feature's AddXxx() alone registers everything its controllers and services need, and may be called twice.</summary>
public sealed class FeatureWiringTests
{
    private string _dataPath = "";

    [SetUp]
    public void CreateDataFolder() => _dataPath = Directory.CreateTempSubdirectory("dashop-wiring-").FullName;

    [TearDown]
    public void DeleteDataFolder() => Directory.Delete(_dataPath, recursive: true);

    public static IEnumerable<TestCaseData> Features()
    {
        yield return Case("Home", b => b.AddDashopHome());
        yield return Case("Sms", b => b.AddDashopSms());
        yield return Case("Deliveries", b => b.AddDashopDeliveries(), typeof(DeliveryLog));
        yield return Case("DevInbox", b => b.AddDashopDevInbox());
        yield return Case("Registration", b => b.AddDashopRegistration(), typeof(RegistrationService), typeof(AccountCreator));
        yield return Case("SignIn", b => b.AddDashopSignIn(), typeof(LoginService));
        yield return Case("Account", b => b.AddDashopAccount(), typeof(AccountService), typeof(AccountChanges), typeof(AccountDeletion));
        yield return Case("Reauthentication", b => b.AddDashopReauthentication(), typeof(ReauthenticationService));
        yield return Case("Activation", b => b.AddDashopActivation(), typeof(ActivationService), typeof(SendActivationEmailConsumer));
        yield return Case("ExternalLogin", b => b.AddDashopExternalLogin().AddDashopWeChat(), typeof(ExternalLoginService));
        yield return Case("WeiboLogin", b => b.AddDashopWeibo(), typeof(WeiboFrontEndLogin));
        yield return Case("Api", b => b.AddDashopApi());
        yield return Case("Admin", b => b.AddDashopAdmin(), typeof(CreateAdminCommand), typeof(HealthPageService));
        yield return Case("Import", b => b.AddDashopImport(), typeof(ImportDadashopCommand), typeof(DadashopImporter));
        yield return Case("PasswordReset", b => b.AddDashopPasswordReset(), typeof(PasswordResetService), typeof(SendPasswordResetEmailConsumer));
        yield return Case("Notices", b => b.AddDashopNotices(), typeof(AccountNotices), typeof(SendAccountNoticeConsumer), typeof(EmailDelivery));
        yield return Case("Legal", b => b.AddDashopLegal());
    }

    private static TestCaseData Case(string feature, Action<WebApplicationBuilder> add, params Type[] services) =>
        new TestCaseData(feature, add, services).SetArgDisplayNames(feature);

    private WebApplicationBuilder NewBuilder()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ApplicationName = typeof(DashopDbContext).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration["App:DataPath"] = _dataPath;
        return builder;
    }

    private static string Describe(ServiceDescriptor d) =>
        $"{d.Lifetime} {d.ServiceType} {d.ServiceKey} -> {ImplementationOf(d)?.ToString() ?? "factory"}";

    private static Type? ImplementationOf(ServiceDescriptor d) =>
        d.IsKeyedService ? d.KeyedImplementationType ?? d.KeyedImplementationInstance?.GetType() : d.ImplementationType ?? d.ImplementationInstance?.GetType();

    /// <summary>
    /// A feature adds the services of another only by calling that feature's own AddXxx(): whatever it registers that is
    /// implemented by another feature's type must be exactly what that feature registers alone. (A feature may still take part
    /// in a lower one by implementing the lower one's interface with its own type, as Activation does for new accounts.)
    /// </summary>
    [Test]
    public void A_feature_registers_no_service_of_another_feature_except_through_its_AddXxx()
    {
        var cases = Features().ToDictionary(c => (string)c.Arguments[0]!, c => (Action<WebApplicationBuilder>)c.Arguments[1]!);
        var registered = cases.ToDictionary(c => c.Key, c =>
        {
            var builder = NewBuilder();
            c.Value(builder);
            return builder.Services.ToList();
        });
        var alone = registered.ToDictionary(r => r.Key, r => r.Value.Select(Describe).ToHashSet());
        var misplaced = new List<string>();
        foreach (var (feature, descriptors) in registered)
        {
            foreach (var d in descriptors)
            {
                var owner = FeatureGraph.FeatureOf(ImplementationOf(d));
                if (owner is null || owner == feature)
                    continue;
                if (!alone.TryGetValue(owner, out var ownerAlone))
                    misplaced.Add($"{feature} registers {ImplementationOf(d)!.Name} of {owner}, which has no wiring case");
                else if (!ownerAlone.Contains(Describe(d)))
                    misplaced.Add($"{feature} registers {owner}'s {ImplementationOf(d)!.Name} itself ({Describe(d)})");
            }
        }
        Assert.That(misplaced, Is.Empty);
    }

    [TestCaseSource(nameof(Features))]
    public async Task A_feature_added_alone_resolves_its_controllers_and_services(string feature, Action<WebApplicationBuilder> add, Type[] services)
    {
        var builder = NewBuilder();
        add(builder);
        var once = builder.Services.Select(Describe).ToList();
        add(builder);
        Assert.That(builder.Services.Select(Describe).ToList(), Is.EqualTo(once), "a second call adds nothing");

        await using var provider = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await using var scope = provider.CreateAsyncScope();
        var controllers = typeof(DashopDbContext).Assembly.GetTypes()
            .Where(t => t.Namespace == $"Dashop.Web.Features.{feature}" && !t.IsAbstract && typeof(ControllerBase).IsAssignableFrom(t))
            .ToList();
        foreach (var controller in controllers)
        {
            Assert.That(() => ActivatorUtilities.CreateInstance(scope.ServiceProvider, controller), Throws.Nothing, controller.Name);
            foreach (var parameter in controller.GetMethods().SelectMany(m => m.GetParameters()).Where(p => p.GetCustomAttribute<FromServicesAttribute>() is not null))
                Assert.That(scope.ServiceProvider.GetService(parameter.ParameterType), Is.Not.Null, $"{controller.Name}: [FromServices] {parameter.ParameterType.Name}");
        }
        foreach (var service in services)
            Assert.That(scope.ServiceProvider.GetService(service), Is.Not.Null, service.Name);
        Assert.That(controllers.Count + services.Length, Is.GreaterThan(0), "the case checks something");
    }
}
