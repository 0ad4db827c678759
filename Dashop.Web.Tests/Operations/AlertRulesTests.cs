using System.Diagnostics;
using Dashop.Contracts;
using Dashop.Web.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Dashop.Web.Tests.Operations;

/// <summary>
/// deploy/prometheus/dashop-alerts.yml: promtool accepts it, and a real Prometheus scraping a fresh app evaluates every
/// rule without an error, gets a series for every recorded signal (the failure counters are there at 0 before any
/// failure), and has no alert pending or firing for a healthy app.
/// </summary>
[Category(TestCategories.Servers)]
public sealed class AlertRulesTests
{
    public const string RulesFile = "deploy/prometheus/dashop-alerts.yml";

    private static string RulesPath => Path.Combine(RepositoryFiles.Root, RulesFile);

    /// <summary>The <c>record:</c> and <c>alert:</c> rules of the file, with their expressions.</summary>
    public static IReadOnlyList<(string Kind, string Name, string Expression)> Rules()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(RepositoryFiles.Read(RulesFile)));
        var groups = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("groups")];
        return groups.Children.Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g.Children[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>())
            .Select(r =>
            {
                var kind = r.Children.ContainsKey(new YamlScalarNode("record")) ? "record" : "alert";
                return (kind, ((YamlScalarNode)r.Children[new YamlScalarNode(kind)]).Value!, ((YamlScalarNode)r.Children[new YamlScalarNode("expr")]).Value!);
            })
            .ToList();
    }

    [Test]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var promtool = Path.Combine(Path.GetDirectoryName(TestServers.Prometheus)!, "promtool");
        var start = new ProcessStartInfo(promtool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "check", "rules", RulesPath })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.EqualTo(0), await output + await error);
        Assert.That(await output, Does.Contain($"SUCCESS: {Rules().Count} rules found"));
    }

    [Test]
    public async Task Prometheus_evaluates_every_rule_over_a_fresh_app_and_every_signal_has_a_series()
    {
        await using var factory = new DashopFactory(Backend.Embedded, ronglian: null, kestrel: true);
        var app = new Uri(factory.ServerAddress);
        using (var api = new HttpClient { BaseAddress = app })
        {
            // One delivery, so that the latency histogram has its buckets; nothing fails.
            var phone = TestData.Phone();
            var (_, body) = await api.PostJsonAsync("/v1/users/sms/code", new { phone });
            Assert.That(body.Code(), Is.EqualTo(200));
            await factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone.EndsWith(phone, StringComparison.Ordinal));
        }
        await using var prometheus = await PrometheusServer.StartAsync(app.Authority, RulesPath);
        var rules = Rules();
        var records = rules.Where(r => r.Kind == "record").Select(r => r.Name).ToList();
        Assert.That(records, Is.Not.Empty);

        Dictionary<string, int> series = [];
        IReadOnlyList<(string Name, string Health, string? LastError)> health = [];
        var settled = await Eventually.Within(TimeSpan.FromSeconds(60), async () =>
        {
            foreach (var record in records)
                series[record] = (await prometheus.QueryAsync(record)).Count;
            health = await prometheus.RulesAsync();
            return series.Values.All(n => n > 0) && health.Count == rules.Count && health.All(r => r.Health == "ok");
        });
        Assert.Multiple(() =>
        {
            foreach (var record in records)
                Assert.That(series[record], Is.GreaterThan(0), $"{record} has a series");
            foreach (var rule in health)
                Assert.That(rule.Health, Is.EqualTo("ok"), $"{rule.Name}: {rule.LastError}");
            Assert.That(health.Select(r => r.Name), Is.EquivalentTo(rules.Select(r => r.Name)), "every rule is loaded");
            Assert.That(settled, Is.True, prometheus.Output);
        });

        var alerts = await prometheus.QueryAsync("ALERTS");
        Assert.That(alerts.Select(a => $"{a.Labels["alertname"]} {a.Labels["alertstate"]}"), Is.Empty, "a healthy app raises no alert");
    }
}
