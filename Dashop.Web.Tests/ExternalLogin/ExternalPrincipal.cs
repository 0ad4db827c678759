using System.Text.Json;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>What <see cref="ExternalCookieProbe"/> read from the external cookie.</summary>
public sealed record ExternalPrincipal(bool Authenticated, IReadOnlyList<(string Type, string Value, string Issuer)> Claims, IReadOnlyDictionary<string, string> Tokens)
{
    public static ExternalPrincipal From(JsonElement body) => new(
        body.GetProperty("authenticated").GetBoolean(),
        body.GetProperty("claims").EnumerateArray()
            .Select(c => (c.GetProperty("type").GetString()!, c.GetProperty("value").GetString()!, c.GetProperty("issuer").GetString()!)).ToList(),
        body.GetProperty("tokens").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));

    /// <summary>The value of the one claim of this type, or null.</summary>
    public string? Claim(string type) => Claims.SingleOrDefault(c => c.Type == type).Value;
}
