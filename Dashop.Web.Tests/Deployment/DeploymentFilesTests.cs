using System.Text.Json;
using Dashop.Web.Infrastructure.Web;
using Dashop.Web.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Dashop.Web.Tests.Deployment;

/// <summary>
/// Issue 6 §4: there is no Docker engine here, so what can be checked is checked: compose.yaml parses and names
/// only keys the app reads, the Dockerfile builds like the README's build, and the HEALTHCHECK's probe works.
/// </summary>
public sealed class DeploymentFilesTests
{
    private static YamlMappingNode Compose()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(RepositoryFiles.Read("compose.yaml")));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    [Test]
    public void Compose_runs_two_instances_with_postgres_redis_rabbitmq_and_a_mail_catcher()
    {
        var services = Map(Compose(), "services");
        Assert.That(services.Children.Keys.Select(k => ((YamlScalarNode)k).Value), Is.SupersetOf(new[] { "web", "postgres", "redis", "rabbitmq", "mailpit" }));
        var replicas = ((YamlScalarNode)Map(Map(services, "web"), "deploy").Children[new YamlScalarNode("replicas")]).Value;
        Assert.That(replicas, Is.EqualTo("2"));
    }

    [Test]
    public void Compose_names_only_configuration_keys_the_app_reads()
    {
        var environment = Map(Map(Compose(), "services"), "web").Children[new YamlScalarNode("environment")];
        var keys = ((YamlMappingNode)environment).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
        Assert.That(keys, Is.Not.Empty);

        var known = KnownConfigurationKeys();
        var unknown = keys.Where(k => k != "ASPNETCORE_ENVIRONMENT" && !known.Contains(k.Replace("__", ":", StringComparison.Ordinal))).ToList();
        Assert.That(unknown, Is.Empty);
    }

    /// <summary>Every key of appsettings.json and every property of an options class with a SectionName.</summary>
    private static HashSet<string> KnownConfigurationKeys()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var json = JsonDocument.Parse(RepositoryFiles.Read("Dashop.Web/appsettings.json"));
        void Walk(JsonElement element, string prefix)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                keys.Add(prefix);
                return;
            }
            foreach (var property in element.EnumerateObject())
                Walk(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}");
        }
        Walk(json.RootElement, "");

        keys.UnionWith(ConfigurationKeys.BoundByOptions());
        return keys;
    }

    [Test]
    public void The_Dockerfile_builds_like_the_README_and_runs_as_a_non_root_user_with_a_healthcheck()
    {
        var dockerfile = RepositoryFiles.Read("Dockerfile");
        Assert.Multiple(() =>
        {
            Assert.That(dockerfile, Does.Contain("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build"));
            Assert.That(dockerfile, Does.Contain("FROM mcr.microsoft.com/dotnet/aspnet:10.0"));
            Assert.That(dockerfile, Does.Contain("dotnet restore Dashop.Web/Dashop.Web.csproj"));
            Assert.That(dockerfile, Does.Contain("dotnet publish Dashop.Web/Dashop.Web.csproj -c Release"));
            Assert.That(dockerfile, Does.Match(@"\nUSER (?!root)\w+"));
            Assert.That(dockerfile, Does.Contain("HEALTHCHECK").And.Contain("/healthz/live"));
            Assert.That(dockerfile, Does.Not.Match(@"ENV[^\n]*(Password|Secret|Token|SigningKey)"));
        });
        foreach (var copied in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", "Dashop.Web/Dashop.Web.csproj" })
            Assert.That(File.Exists(Path.Combine(RepositoryFiles.Root, copied)), Is.True, copied);
    }

    [Test]
    public async Task The_healthcheck_probe_answers_0_when_live_and_1_when_not()
    {
        await using var factory = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?> { ["Sms:Provider"] = "DevInbox" }, kestrel: true);
        Assert.That(await Probe.RunAsync(factory.ServerAddress + "/healthz/live"), Is.EqualTo(0));

        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        Assert.That(await Probe.RunAsync($"http://127.0.0.1:{port}/healthz/live"), Is.EqualTo(1));
    }
}
