using System.Text.Json;
using Dashop.Web.Infrastructure.Web;
using Dashop.Web.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Dashop.Web.Tests.Deployment;

/// <summary>
/// Issue 6 §4 and issue 29 §6: there is no Docker engine here, so what can be checked is checked: compose.yaml parses,
/// names only keys the app reads, pins every image and restarts every service, puts the nginx the tests run in front,
/// and keeps the try-out's open pages on loopback; the Dockerfile builds like the README's build, and the HEALTHCHECK's
/// probe works.
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
    public void Compose_runs_two_instances_behind_nginx_with_postgres_redis_rabbitmq_and_a_mail_catcher()
    {
        var services = Map(Compose(), "services");
        Assert.That(services.Children.Keys.Select(k => ((YamlScalarNode)k).Value), Is.SupersetOf(new[] { "nginx", "web", "postgres", "redis", "rabbitmq", "mailpit" }));
        var replicas = ((YamlScalarNode)Map(Map(services, "web"), "deploy").Children[new YamlScalarNode("replicas")]).Value;
        Assert.That(replicas, Is.EqualTo("2"));
    }

    [Test]
    public void Every_compose_service_has_a_healthcheck_and_the_web_one_probes_readiness()
    {
        var services = Map(Compose(), "services");
        foreach (var (name, service) in services.Children)
        {
            var check = (YamlMappingNode)((YamlMappingNode)service).Children.FirstOrDefault(c => ((YamlScalarNode)c.Key).Value == "healthcheck").Value;
            Assert.That(check, Is.Not.Null, $"{name} has a healthcheck");
            Assert.That(((YamlSequenceNode)check.Children[new YamlScalarNode("test")]).Children, Is.Not.Empty, $"{name}'s healthcheck runs something");
        }
        var web = ((YamlSequenceNode)Map(Map(services, "web"), "healthcheck").Children[new YamlScalarNode("test")]).Children
            .Select(n => ((YamlScalarNode)n).Value);
        Assert.That(web, Does.Contain("probe").And.Contain("http://127.0.0.1:8080/healthz/ready"));
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

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static IEnumerable<string> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? ((YamlSequenceNode)value).Children.Select(c => ((YamlScalarNode)c).Value!)
            : [];

    [Test]
    public void Compose_Redis_refuses_clients_without_the_password_and_the_apps_connect_with_it()
    {
        var services = Map(Compose(), "services");
        var redis = (YamlMappingNode)Map(services, "redis");
        var command = Sequence(redis, "command").ToList();
        var environment = (YamlMappingNode)Map(services, "web").Children[new YamlScalarNode("environment")];
        Assert.Multiple(() =>
        {
            Assert.That(command, Does.Contain("--requirepass"));
            Assert.That(command.SkipWhile(c => c != "--requirepass").Skip(1).FirstOrDefault(), Does.StartWith("${REDIS_PASSWORD:-"));
            Assert.That(Scalar(environment, "ConnectionStrings__Redis"), Does.Match(@"^redis:6379,password=\$\{REDIS_PASSWORD:-"));
        });
    }

    [Test]
    public void Compose_keeps_the_open_mail_catcher_and_the_try_out_shop_on_loopback()
    {
        var services = Map(Compose(), "services");
        var mailpit = (YamlMappingNode)Map(services, "mailpit");
        var nginx = (YamlMappingNode)Map(services, "nginx");
        var web = (YamlMappingNode)Map(services, "web");
        var dependsOn = (YamlMappingNode)web.Children[new YamlScalarNode("depends_on")];
        Assert.Multiple(() =>
        {
            Assert.That(Sequence(mailpit, "ports"), Is.Not.Empty.And.All.StartsWith("127.0.0.1:"));
            Assert.That(Sequence(nginx, "ports"), Is.Not.Empty.And.All.StartsWith("${DASHOP_HTTP_BIND:-127.0.0.1}:"), "Development pages stay local");
            Assert.That(Sequence(web, "ports"), Is.Empty, "the instances are reached through nginx only");
            // Deliveries retry: the apps start without the mail catcher.
            Assert.That(dependsOn.Children.Keys.Select(k => ((YamlScalarNode)k).Value), Does.Not.Contain("mailpit"));
        });
    }

    [Test]
    public void Compose_with_no_settings_sends_sms_to_the_dev_inbox_and_mail_to_Mailpit_in_Development()
    {
        var environment = (YamlMappingNode)Map(Map(Compose(), "services"), "web").Children[new YamlScalarNode("environment")];
        Assert.Multiple(() =>
        {
            // The dev inbox (/dev/inbox) exists in Development only: the try-out runs there, a real site sets Production.
            Assert.That(Scalar(environment, "ASPNETCORE_ENVIRONMENT"), Is.EqualTo("${DASHOP_ENVIRONMENT:-Development}"));
            Assert.That(Scalar(environment, "Sms__Provider"), Is.EqualTo("${DASHOP_SMS_PROVIDER:-DevInbox}"));
            Assert.That(Scalar(environment, "Smtp__Host"), Is.EqualTo("${DASHOP_SMTP_HOST:-mailpit}"));
            Assert.That(Scalar(environment, "Jwt__SigningKey"), Is.EqualTo("${DASHOP_JWT_SIGNING_KEY:-}"), "Development makes one; Production demands it");
            var required = System.Text.RegularExpressions.Regex.Matches(RepositoryFiles.Read("compose.yaml"), @"\$\{[A-Z0-9_]+:\?");
            Assert.That(required, Is.Empty, "no variable must be set for a first start");
        });
    }

    [Test]
    public void Every_compose_service_restarts_and_runs_a_pinned_image_of_a_current_version()
    {
        var services = Map(Compose(), "services");
        var images = new Dictionary<string, string>();
        Assert.Multiple(() =>
        {
            foreach (var (key, value) in services.Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                var service = (YamlMappingNode)value;
                Assert.That(Scalar(service, "restart"), Is.EqualTo("unless-stopped"), $"{name} restarts");
                if (name == "web")
                {
                    Assert.That(Scalar(service, "build"), Is.EqualTo("."), "web is built from the Dockerfile");
                    continue;
                }
                var image = Scalar(service, "image") ?? "";
                images[name] = image;
                Assert.That(image, Does.Match(@"^[a-z0-9/._-]+:v?\d+\.\d+(\.\d+)?(-[a-z0-9]+)?$"), $"{name}: a version tag of at least major.minor");
            }
            Assert.That(images["rabbitmq"], Does.StartWith("rabbitmq:4."));
            Assert.That(images["postgres"], Does.StartWith("postgres:17."));
        });
    }

    [Test]
    public void Compose_nginx_loads_the_proxy_settings_the_tests_load_and_the_app_trusts_it()
    {
        var services = Map(Compose(), "services");
        var nginx = (YamlMappingNode)Map(services, "nginx");
        var volumes = Sequence(nginx, "volumes").ToList();
        var environment = (YamlMappingNode)Map(services, "web").Children[new YamlScalarNode("environment")];
        var address = Scalar(Map(Map(nginx, "networks"), "dashop"), "ipv4_address");
        Assert.Multiple(() =>
        {
            Assert.That(volumes, Does.Contain($"./{NginxFront.ProxyConfig}:/etc/nginx/dashop-proxy.conf:ro"), "the file NginxFront includes");
            Assert.That(volumes, Does.Contain("./deploy/nginx/default.conf:/etc/nginx/conf.d/default.conf:ro"));
            Assert.That(RepositoryFiles.Read("deploy/nginx/default.conf"), Does.Contain("include /etc/nginx/dashop-proxy.conf;").And.Contain("server web:8080;"));
            Assert.That(RepositoryFiles.Read(NginxFront.ProxyConfig), Does.Contain("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"));
            Assert.That(Scalar(environment, "ForwardedHeaders__KnownProxies"), Is.EqualTo(address), "the app counts the client nginx passes on");
        });
    }

    [Test]
    public void Secrets_file_is_ignored_by_git_and_an_example_names_every_variable_compose_reads()
    {
        var ignored = RepositoryFiles.Read(".gitignore").Split('\n', StringSplitOptions.TrimEntries);
        var example = RepositoryFiles.Read(".env.example");
        var exampleNames = System.Text.RegularExpressions.Regex.Matches(example, @"(?m)^([A-Z0-9_]+)=").Select(m => m.Groups[1].Value).ToHashSet();
        var composeNames = System.Text.RegularExpressions.Regex.Matches(RepositoryFiles.Read("compose.yaml"), @"\$\{([A-Z0-9_]+)").Select(m => m.Groups[1].Value).ToHashSet();
        var secretValues = System.Text.RegularExpressions.Regex.Matches(example, @"(?m)^[A-Z0-9_]*(PASSWORD|SECRET|TOKEN|KEY)=(.+)$");
        Assert.Multiple(() =>
        {
            Assert.That(ignored, Does.Contain(".env"));
            Assert.That(RepositoryFiles.Tracked(), Does.Not.Contain(".env"));
            Assert.That(composeNames, Is.SubsetOf(exampleNames));
            Assert.That(secretValues, Is.Empty, "the example holds no secret values");
        });
    }

    [Test]
    public void Dockerignore_keeps_build_output_local_data_keys_and_git_history_out_of_the_image()
    {
        var entries = RepositoryFiles.Read(".dockerignore").Split('\n', StringSplitOptions.TrimEntries)
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.That(entries, Is.SupersetOf(new[] { "**/bin", "**/obj", "**/App_Data", "**/TestResults", "bench/out", ".git", "**/node_modules", ".env" }));
    }

    [Test]
    public void The_Dockerfile_builds_like_the_README_and_runs_as_a_non_root_user_with_a_healthcheck()
    {
        var dockerfile = RepositoryFiles.Read("Dockerfile");
        Assert.Multiple(() =>
        {
            Assert.That(dockerfile, Does.Match(@"FROM (--platform=\$BUILDPLATFORM )?mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build"));
            Assert.That(dockerfile, Does.Contain("FROM mcr.microsoft.com/dotnet/aspnet:10.0"));
            Assert.That(dockerfile, Does.Contain("dotnet restore Dashop.Web/Dashop.Web.csproj"));
            Assert.That(dockerfile, Does.Contain("dotnet publish Dashop.Web/Dashop.Web.csproj -c Release"));
            Assert.That(dockerfile, Does.Contain("\nUSER $APP_UID\n"), "the base image's non-root user");
            Assert.That(dockerfile, Does.Not.Contain("ASPNETCORE_URLS"), "it would override ASPNETCORE_HTTP_PORTS with a warning");
            Assert.That(dockerfile, Does.Contain("ASPNETCORE_HTTP_PORTS=8080"));
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
        Assert.That(await HealthProbe.RunAsync(factory.ServerAddress + "/healthz/live"), Is.EqualTo(0));

        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        Assert.That(await HealthProbe.RunAsync($"http://127.0.0.1:{port}/healthz/live"), Is.EqualTo(1));
    }
}
