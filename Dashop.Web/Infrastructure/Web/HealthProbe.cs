namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// <c>dotnet Dashop.Web.dll probe URL</c>: the container's HEALTHCHECK (every 15 s, so it runs without building the site's host). The runtime image has no curl,
/// so the app checks itself: exit 0 when the URL answers 2xx within 3 s.
/// </summary>
public static class HealthProbe
{
    public const string Verb = "probe";

    /// <summary>The verb's arguments: the one URL to ask.</summary>
    public static Task<int> RunAsync(string[] args) =>
        args is [var url] ? RunAsync(url) : Task.FromResult(CommandLine.Usage(Console.Error, $"usage: {Verb} URL"));

    public static async Task<int> RunAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"probe {url}: {ex.GetType().Name}");
            return 1;
        }
    }
}
