using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashop.Web.Tests.Support;

public static partial class HttpExtensions
{
    public static async Task<(int Status, JsonElement Body)> PostJsonAsync(this HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public static async Task<(int Status, JsonElement Body)> PostRawAsync(this HttpClient client, string url, string content, string contentType = "application/json")
    {
        using var response = await client.PostAsync(url, new StringContent(content, Encoding.UTF8, contentType));
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse(JsonSerializer.Serialize(new { raw = text })).RootElement.Clone();
        }
    }

    public static int Code(this JsonElement body) => body.GetProperty("code").GetInt32();

    public static string ErrorMessage(this JsonElement body) => body.GetProperty("error").GetProperty("message").GetString()!;

    /// <summary>Reads the antiforgery token from a page's form, as a browser would send it back.</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string pageUrl)
    {
        var html = await client.GetStringAsync(pageUrl);
        return AntiforgeryToken(html);
    }

    /// <summary>The antiforgery token of the first form on a page, or "" when it has none.</summary>
    public static string AntiforgeryTokenFrom(string html) => TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : "";

    public static string AntiforgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        if (!match.Success)
            throw new InvalidOperationException("The page has no antiforgery token.");
        return match.Groups[1].Value;
    }

    /// <summary>Posts a form the way the page would, token included.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string action, IDictionary<string, string> fields)
    {
        var token = await client.AntiforgeryTokenAsync(pageUrl);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
