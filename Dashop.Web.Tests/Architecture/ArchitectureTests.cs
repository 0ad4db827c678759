using Dashop.Web.Infrastructure.Data;
using MassTransit;
using Microsoft.AspNetCore.Mvc;
using NetArchTest.Rules;

namespace Dashop.Web.Tests.Architecture;

/// <summary>The allowed dependencies of docs/ARCHITECTURE.md, enforced on the compiled assembly.</summary>
public sealed class ArchitectureTests
{
    private const string Root = "Dashop.Web";
    private const string Features = Root + ".Features";
    private const string Infrastructure = Root + ".Infrastructure";

    private static Types App => Types.InAssembly(typeof(DashopDbContext).Assembly);

    [Test]
    public void Contracts_reference_nothing_of_the_app()
    {
        var result = App.That().ResideInNamespace("Dashop.Contracts").ShouldNot().HaveDependencyOn(Root).GetResult();
        AssertKept(result);
    }

    [Test]
    public void Infrastructure_names_no_feature()
    {
        var result = App.That().ResideInNamespace(Infrastructure).ShouldNot().HaveDependencyOn(Features).GetResult();
        AssertKept(result);
    }

    [Test]
    public void Sms_knows_no_account_or_Weibo_type()
    {
        var result = App.That().ResideInNamespace(Features + ".Sms")
            .ShouldNot().HaveDependencyOnAny(
                Features + ".Account", Features + ".Registration", Features + ".WeiboLogin", Features + ".Activation", Features + ".Admin",
                typeof(DashopUser).FullName, typeof(Features.ExternalLogin.ExternalAccount).FullName)
            .GetResult();
        AssertKept(result);
    }

    [Test]
    public void Controllers_take_no_DbContext_HttpClient_or_publish_endpoint()
    {
        var result = App.That().Inherit(typeof(ControllerBase))
            .ShouldNot().HaveDependencyOnAny(
                "Microsoft.EntityFrameworkCore", typeof(DashopDbContext).FullName, typeof(HttpClient).FullName,
                typeof(IHttpClientFactory).FullName, typeof(IPublishEndpoint).FullName, typeof(IBus).FullName)
            .GetResult();
        AssertKept(result);
    }

    [Test]
    public void Features_are_not_reached_into_by_a_feature_they_do_not_serve()
    {
        // The /v1 API is a front on the other features; no feature depends on it.
        var result = App.That().ResideInNamespace(Features).And().DoNotResideInNamespace(Features + ".Api")
            .ShouldNot().HaveDependencyOn(Features + ".Api").GetResult();
        AssertKept(result);
    }

    private static void AssertKept(TestResult result) =>
        Assert.That(result.FailingTypeNames ?? [], Is.Empty, "types that break the rule");
}
