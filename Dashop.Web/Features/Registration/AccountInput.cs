namespace Dashop.Web.Features.Registration;

/// <summary>What a new account needs, from the page or from /v1.</summary>
public sealed record AccountInput(string? Username, string? Password, string? Phone, string? Email, string? Code);
