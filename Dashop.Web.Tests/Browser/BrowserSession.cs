using Dashop.Web.Tests.Support;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>One headless Debian Chromium for every browser test of the run (started on first use).</summary>
[SetUpFixture]
public sealed class BrowserSession
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<IBrowserContext> NewContextAsync(string acceptLanguage = "zh-CN")
    {
        TestCategories.Require(TestCategories.Browser);
        await Gate.WaitAsync();
        try
        {
            _playwright ??= await Playwright.CreateAsync();
            _browser ??= await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
            });
        }
        finally
        {
            Gate.Release();
        }
        return await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = acceptLanguage,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = acceptLanguage },
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
        });
    }

    /// <summary>Collects what the browser reports as refused by the Content-Security-Policy (or any console error).</summary>
    public static List<string> ConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                lock (errors) errors.Add(message.Text);
        };
        return errors;
    }

    /// <summary>Saves a full-page screenshot under the test output's artifacts folder and attaches it to the result.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(TestContext.CurrentContext.WorkDirectory, "artifacts")).FullName;
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path);
        TestContext.Out.WriteLine($"screenshot: {path}");
        return path;
    }

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}
