using System.Text.RegularExpressions;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Docs;

/// <summary>Issue 16: a person can configure every key from the README, and the repository stands alone.</summary>
public sealed partial class ReadmeTests
{
    [Test]
    public void The_configuration_table_names_every_key_the_code_binds()
    {
        var documented = DocumentedKeys();
        var missing = ConfigurationKeys.All().Where(key => !IsDocumented(key, documented)).ToList();
        Assert.That(missing, Is.Empty, "README.md's configuration table lacks: " + string.Join(", ", missing));
    }

    [Test]
    public void The_key_finder_sees_options_nested_objects_and_direct_reads()
    {
        var keys = ConfigurationKeys.All();
        Assert.That(keys, Does.Contain("Sms:Ronglian:AuthToken").And.Contain("Jwt:Lifetime").And.Contain("Smtp:TimeoutSeconds")
            .And.Contain("ConnectionStrings:Redis").And.Contain("Jwt:SigningKey"));
    }

    [Test]
    public void A_placeholder_row_documents_the_entries_of_a_dictionary_key()
    {
        var documented = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Sms:Ronglian:Templates:<purpose>" };
        Assert.Multiple(() =>
        {
            Assert.That(IsDocumented("Sms:Ronglian:Templates", documented), Is.True);
            Assert.That(IsDocumented("sms:ronglian:templates", documented), Is.True);
            Assert.That(IsDocumented("Sms:Ronglian", documented), Is.False);
            Assert.That(IsDocumented("Sms:Ronglian:TemplateId", documented), Is.False);
        });
    }

    [Test]
    public void README_and_docs_link_nothing_outside_the_repository()
    {
        var files = RepositoryFiles.Tracked().Where(f => f == "README.md" || (f.StartsWith("docs/", StringComparison.Ordinal) && f.EndsWith(".md", StringComparison.Ordinal)));
        var outside = files.Where(f => RepositoryFiles.Read(f).Contains("../shared", StringComparison.Ordinal)).ToList();
        Assert.That(outside, Is.Empty);
    }

    [Test]
    public void README_points_at_the_contract_and_the_contract_exists()
    {
        Assert.That(RepositoryFiles.Read("README.md"), Does.Contain("docs/CONTRACT.md"));
        Assert.That(File.Exists(Path.Combine(RepositoryFiles.Root, "docs", "CONTRACT.md")), Is.True);
    }

    /// <summary>A key is documented by its own row, or by a row for an entry below it (<c>Key:&lt;name&gt;</c>).</summary>
    private static bool IsDocumented(string key, HashSet<string> documented) =>
        documented.Contains(key) || documented.Any(d => d.StartsWith(key + ":<", StringComparison.OrdinalIgnoreCase) && d.EndsWith('>'));

    /// <summary>The backquoted keys in the first column of the tables under README.md's "## Configuration".</summary>
    private static HashSet<string> DocumentedKeys()
    {
        var readme = RepositoryFiles.Read("README.md");
        var start = readme.IndexOf("\n## Configuration", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "README.md has no '## Configuration' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in section.Split('\n').Where(l => l.StartsWith('|')))
        {
            var firstCell = line.Split('|', StringSplitOptions.None)[1];
            foreach (Match match in Backquoted().Matches(firstCell))
                keys.Add(match.Groups[1].Value);
        }
        return keys;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backquoted();
}
