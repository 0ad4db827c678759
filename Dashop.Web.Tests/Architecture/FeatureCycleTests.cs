namespace Dashop.Web.Tests.Architecture;

/// <summary>Features depend on each other in one direction only, so each can change alone (docs/ARCHITECTURE.md).</summary>
public sealed class FeatureCycleTests
{
    [Test]
    public void No_two_features_depend_on_each_other_directly_or_round_a_circle()
    {
        var edges = FeatureGraph.Edges();
        var cycles = FeatureGraph.Cycles(edges);
        Assert.That(cycles.Select(c => string.Join(" <-> ", c)), Is.Empty,
            "feature cycles; the edges are:\n" + string.Join("\n", edges.Where(e => e.Value.Count > 0).Select(e => $"{e.Key} -> {string.Join(", ", e.Value)}")));
    }

    [Test]
    public void The_cycle_finder_sees_a_cycle_when_there_is_one()
    {
        var edges = new Dictionary<string, IReadOnlySet<string>>
        {
            ["A"] = new SortedSet<string> { "B" },
            ["B"] = new SortedSet<string> { "C" },
            ["C"] = new SortedSet<string> { "A" },
            ["D"] = new SortedSet<string> { "A" },
        };
        Assert.That(FeatureGraph.Cycles(edges), Has.Count.EqualTo(1).And.One.EquivalentTo(new[] { "A", "B", "C" }));
    }

    [Test]
    public void The_graph_is_read_from_the_assembly_and_sees_known_dependencies()
    {
        var edges = FeatureGraph.Edges();
        Assert.That(FeatureGraph.Features, Does.Contain("Registration").And.Contain("WeiboLogin").And.Contain("Sms"));
        Assert.That(edges["WeiboLogin"], Does.Contain("Registration"), "the Weibo bind creates accounts through Registration");
        Assert.That(edges["Api"], Does.Contain("Sms"));
    }
}
