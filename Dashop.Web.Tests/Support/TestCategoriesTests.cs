namespace Dashop.Web.Tests.Support;

/// <summary>A test that reaches for the servers or the browser must say so, so that the filtered run can leave it out.</summary>
public sealed class TestCategoriesTests
{
    [Test]
    public void A_test_outside_the_Servers_category_is_refused_the_servers()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => _ = TestServers.Redis);
        Assert.That(refused!.Message, Does.Contain("[Category(\"Servers\")]").And.Contain(nameof(A_test_outside_the_Servers_category_is_refused_the_servers)));
    }

    [Test]
    public async Task A_test_outside_the_Browser_category_is_refused_the_browser()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Browser.BrowserSession.NewContextAsync());
        Assert.That(refused!.Message, Does.Contain("[Category(\"Browser\")]"));
    }

    [Test]
    [Category(TestCategories.Browser)]
    public void A_test_in_the_category_passes_the_check() =>
        Assert.DoesNotThrow(() => TestCategories.Require(TestCategories.Browser));
}
