namespace Dashop.Web.Features.ExternalLogin;

/// <summary>A provider account that signed in but is not linked yet, as the bind page shows it.</summary>
public sealed record ExternalPending(string Provider, string Subject, string? DisplayName, string? AvatarUrl);
