using System.Text.Json;

namespace Dashop.Web.Features.Api;

/// <summary>The <c>carts_count</c> of a sign-in answer (<c>/v1/users</c>, <c>/v1/tokens</c>).</summary>
public static class Carts
{
    /// <summary>The seed's front end sends its local cart as a JSON string (or null).</summary>
    public static int Count(JsonElement? carts)
    {
        if (carts is not { } element)
            return 0;
        if (element.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var parsed = JsonDocument.Parse(element.GetString() ?? "null", new JsonDocumentOptions { MaxDepth = 8 });
                return Count(parsed.RootElement);
            }
            catch (JsonException)
            {
                return 0;
            }
        }
        return Count(element);

        static int Count(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Array => e.GetArrayLength(),
            JsonValueKind.Object => e.EnumerateObject().Count(),
            _ => 0,
        };
    }
}
