using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Dashop.Web.Tests.Support;

/// <summary>
/// The categories that let a machine without the servers run the rest:
/// <c>dotnet test --filter "TestCategory!=Servers&amp;TestCategory!=Browser"</c>.
/// </summary>
public static class TestCategories
{
    /// <summary>Needs Redis, RabbitMQ or PostgreSQL as ./test.sh starts them.</summary>
    public const string Servers = "Servers";

    /// <summary>Drives Chromium through Playwright.</summary>
    public const string Browser = "Browser";

    /// <summary>
    /// Fails a test that uses what a category stands for without carrying that category (on itself, or on its
    /// fixture), so that a new test cannot silently break the filtered run on a machine without the servers.
    /// </summary>
    public static void Require(string category)
    {
        var test = TestExecutionContext.CurrentContext?.CurrentTest;
        if (test is null)
            return;
        for (ITest? t = test; t is not null; t = t.Parent)
        {
            if (t.Properties[PropertyNames.Category].Contains(category))
                return;
        }
        throw new InvalidOperationException(
            $"{test.FullName} needs what test.sh provides but is not in [Category(\"{category}\")]: add the category " +
            "(on a fixture parameterised by Backend: [TestFixture(Backend.Servers, Category = TestCategories.Servers)]).");
    }
}
