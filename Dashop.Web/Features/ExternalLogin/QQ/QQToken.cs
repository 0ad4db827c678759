namespace Dashop.Web.Features.ExternalLogin.QQ;

/// <summary>What QQ's token endpoint grants (spec §15).</summary>
public sealed record QQToken(string AccessToken, string? RefreshToken, long ExpiresInSeconds);
