namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>A person a provider simulator can log in as: the provider's subject for this app, a display name, and a unionid when the provider has one.</summary>
public sealed record SimulatedPerson(string Subject, string Name, string? UnionId = null);
